/**
 * Download accounting and weekly pull limits: every pull counted per image, container and
 * collection, and refused with 429 once a container's or collection's weekly limit is used up.
 */
package org.sregistry.download;
