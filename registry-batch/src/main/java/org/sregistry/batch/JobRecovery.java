package org.sregistry.batch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.JobExecution;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.registry.SchemaMigration;
import org.sregistry.registry.SettingService;

/**
 * Marks FAILED, once the application has started, every job execution that this node started in an
 * earlier life and that a crash (a killed JVM, a power cut) left STARTING, STARTED or STOPPING in
 * the job repository: the history then tells the truth, and {@code restart} resumes it from its last
 * checkpoint.
 *
 * <p>Which executions are this node's: {@link Jobs} records, for every execution it starts, the
 * name of the node in {@code registry_setting} {@code job.node.<node hash>.<executionId>}. The node name
 * ({@code registry.node.name}, by default host name plus the server's instance folder) stays the
 * same across restarts of one server and differs between the servers of a multi-node deployment,
 * so a node never touches an execution that another live node runs on a shared job repository.
 * Executions this node did not record (another node's, or started before this feature) are left
 * alone. Each pass also drops this node's records of executions that no longer run.
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

    /**
     * The {@code registry_setting} prefix of this node's records: {@code job.node.<hash of the node
     * name>.}. Per node, because execution ids are unique per job repository only, and on Payara
     * Micro every node has its own.
     */
    static String prefix(String node) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(node.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return OWNER_PREFIX + java.util.HexFormat.of().formatHex(hash, 0, 8) + ".";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by {@link Jobs} for each execution it starts or restarts. */
    public void started(long executionId) {
        STARTED_HERE.add(executionId);
        String node = nodeName();
        settings.put(prefix(node) + executionId, node);
    }

    /**
     * Goes through this node's records: an execution the job repository still holds as running,
     * that this JVM did not start, was left by a crash and is marked FAILED; records of executions
     * that no longer run are dropped. (The repository is asked through {@code JobOperator}:
     * {@code getRunningExecutions} would not do, it lists only the executions running in this JVM.)
     */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void recover() {
        if (SchemaMigration.version() == null) {
            // the schema is not there yet (this node waits for another's migration, or migrates a large database)
            timers.createSingleActionTimer(5000, new TimerConfig("job-recovery", false));
            return;
        }
        String node = nodeName();
        String prefix = prefix(node);
        int marked = 0;
        for (String name : settings.namesStartingWith(prefix)) {
            long id;
            try {
                id = Long.parseLong(name.substring(prefix.length()));
            } catch (NumberFormatException notOurs) {
                continue;
            }
            if (STARTED_HERE.contains(id)) {
                continue;
            }
            JobExecution execution;
            try {
                execution = BatchRuntime.getJobOperator().getJobExecution(id);
            } catch (NoSuchJobExecutionException gone) {
                settings.remove(name);
                continue;
            }
            switch (execution.getBatchStatus()) {
                case STARTING, STARTED, STOPPING -> {
                    if (markFailed(id, execution.getJobName(), node)) {
                        marked++;
                        settings.remove(name);
                    }
                }
                default -> settings.remove(name);
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
