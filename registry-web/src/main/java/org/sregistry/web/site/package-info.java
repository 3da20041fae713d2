/** Discoverability: robots.txt, sitemap.xml and README badges, about public content only. */
package org.sregistry.web.site;
