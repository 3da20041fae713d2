package org.sregistry.batch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.SettingService;

/**
 * Marks FAILED, once the application has started, every job execution that this node started in an
 * earlier life and that a crash (a killed JVM, a power cut) left STARTING, STARTED or STOPPING in
 * the job repository: the history then tells the truth, and {@code restart} resumes it from its last
 * checkpoint.
 *
 * <p>Which executions are this node's: {@link Jobs} records, for every execution it starts, the
 * name of the node in {@code registry_setting} {@code job.node.<executionId>}. The node name
 * ({@code registry.node.name}, by default host name plus the server's instance folder) stays the
 * same across restarts of one server and differs between the servers of a multi-node deployment,
 * so a node never touches an execution that another live node runs on a shared job repository.
 * Executions without a record (started before this feature) are reported in the log, not changed.
 */
@Singleton
@Startup
public class JobRecovery {

    private static final System.Logger LOG = System.getLogger(JobRecovery.class.getName());
    static final String OWNER_PREFIX = "job.node.";

    /** Executions started by this JVM: never orphans, whatever the repository says. */
    private static final Set<Long> STARTED_HERE = ConcurrentHashMap.newKeySet();

    @Resource
    TimerService timers;

    @Inject
    SettingService settings;

    @Inject
    RegistryMetrics metrics;

    @PostConstruct
    void schedule() {
        // after start-up, not during it: the schema migration must have run first
        timers.createSingleActionTimer(1000, new TimerConfig("job-recovery", false));
    }

    static String nodeName() {
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue("registry.node.name", String.class)
                .map(String::trim).filter(s -> !s.isEmpty());
        if (configured.isPresent()) {
            return configured.get();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + System.getProperty("com.sun.aas.instanceRoot", System.getProperty("user.dir"));
    }

    /** Called by {@link Jobs} for each execution it starts or restarts. */
    public void started(long executionId) {
        STARTED_HERE.add(executionId);
        settings.put(OWNER_PREFIX + executionId, nodeName());
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void recover() {
        String node = nodeName();
        int marked = 0;
        for (Jobs.Name job : Jobs.Name.values()) {
            List<Long> running;
            try {
                running = new ArrayList<>(BatchRuntime.getJobOperator().getRunningExecutions(job.xml()));
            } catch (NoSuchJobException neverRan) {
                continue;
            }
            for (long id : running) {
                if (STARTED_HERE.contains(id)) {
                    continue;
                }
                Optional<String> owner = settings.find(OWNER_PREFIX + id);
                if (owner.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "job execution {0} ({1}) is recorded as running but no node"
                            + " claims it; if no server runs it, stop the servers and mark it FAILED by hand", id, job.xml());
                } else if (owner.get().equals(node)) {
                    if (markFailed(id, job.xml(), node)) {
                        marked++;
                    }
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "job recovery on node {0}: {1} execution(s) left running by a crash marked FAILED",
                node, marked);
    }

    private boolean markFailed(long id, String job, String node) {
        String exitStatus = "FAILED: the server (" + node + ") stopped while this execution ran; restart it to resume"
                + " from its last checkpoint";
        for (String jndi : repositoryCandidates()) {
            DataSource dataSource;
            try {
                dataSource = (DataSource) new InitialContext().lookup(jndi);
            } catch (NamingException | ClassCastException absent) {
                continue;
            }
            try {
                if (new JobRepository(dataSource).markFailed(id, job, exitStatus, Instant.now())) {
                    LOG.log(System.Logger.Level.WARNING, "job execution {0} ({1}) was left running by a crash of this"
                            + " node: marked FAILED in the job repository {2}", id, job, jndi);
                    metrics.jobRecovered(job);
                    return true;
                }
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot mark job execution " + id + " FAILED in " + jndi, e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, "job execution {0} ({1}) was left running by a crash, but no job repository"
                + " data source ({2}) holds it as running: set REGISTRY_JOBS_REPOSITORY", id, job, repositoryCandidates());
        return false;
    }

    /** The JNDI names of the batch runtime's data source to try, in order. */
    static List<String> repositoryCandidates() {
        return ConfigProvider.getConfig().getOptionalValues("registry.jobs.repository", String.class)
                .orElse(List.of("jdbc/registry-batch", "jdbc/__default", "jdbc/__TimerPool"));
    }
}
