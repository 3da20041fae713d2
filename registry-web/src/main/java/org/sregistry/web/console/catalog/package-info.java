/** The console's browse and search pages: thin views over {@link org.sregistry.catalog.CatalogService}. */
package org.sregistry.web.console.catalog;
