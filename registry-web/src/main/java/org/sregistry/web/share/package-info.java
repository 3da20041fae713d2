/** Share links over HTTP: the JSON API that makes, lists and revokes them, and {@code /share/{secret}} that downloads. */
package org.sregistry.web.share;
