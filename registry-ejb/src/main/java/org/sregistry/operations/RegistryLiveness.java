package org.sregistry.operations;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive: the application is deployed and no threads are deadlocked (a deadlock never resolves
 * itself; a restart is the cure). Heap use is reported, not judged. Served at {@code /health/live}.
 */
@Liveness
@ApplicationScoped
public class RegistryLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("registry-live").up();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null && deadlocked.length > 0) {
            response.down().withData("deadlockedThreads", deadlocked.length);
        } else {
            response.withData("deadlockedThreads", 0);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return response.withData("heapUsedBytes", heap.getUsed()).withData("heapMaxBytes", heap.getMax()).build();
    }
}
