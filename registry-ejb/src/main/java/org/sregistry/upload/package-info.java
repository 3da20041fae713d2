/** Uploads of image bytes, single and multipart, verified before they become visible. */
package org.sregistry.upload;
