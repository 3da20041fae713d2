/** The staff pages under {@code /console/admin/}: accounts, teams, collections, settings, storage, audit, jobs. */
package org.sregistry.web.console.admin;
