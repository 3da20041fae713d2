/** Stars: collections an account marks to find them again, and how many accounts starred each. */
package org.sregistry.star;
