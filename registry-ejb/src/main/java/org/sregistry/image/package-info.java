/** Images: the SIF files of a container, their uploads and downloads. */
package org.sregistry.image;
