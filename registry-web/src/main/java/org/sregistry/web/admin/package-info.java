/** The JSON admin API for staff and scripts, under {@code /api/admin}. */
package org.sregistry.web.admin;
