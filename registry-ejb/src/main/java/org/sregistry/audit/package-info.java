/** The audit log: who did what to which target, and when; read by staff. */
package org.sregistry.audit;
