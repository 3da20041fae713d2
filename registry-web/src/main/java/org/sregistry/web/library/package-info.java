/** The library API that {@code apptainer push/pull/search/delete library://} speak. */
package org.sregistry.web.library;
