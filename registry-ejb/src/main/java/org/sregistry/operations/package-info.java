/** What operators watch: MicroProfile Health checks (liveness, readiness) and the registry's metrics. */
package org.sregistry.operations;
