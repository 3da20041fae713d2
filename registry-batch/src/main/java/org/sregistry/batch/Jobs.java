package org.sregistry.batch;

import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.batch.bundle.BundleFile;
import org.sregistry.batch.mirror.LibrarySource;
import org.sregistry.batch.mirror.SourceException;
import org.sregistry.batch.mirror.SourceRef;
import org.sregistry.batch.mirror.SourceTokens;
import org.sregistry.bundle.BundleManifest;
import org.sregistry.collection.Permissions;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Leases;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/**
 * The one caller of the batch runtime: starts jobs by name (job XML in this module's
 * {@code META-INF/batch-jobs}, so it resolves against this module's class loader), for staff
 * through the admin API and on schedules ({@link JobSchedules}). A scheduled run starts on one node
 * only: the nodes sharing the database compete for a lease, and only the winner starts the job.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN) // the batch runtime runs its own transactions
public class Jobs {

    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    /** import-library's token for the source: taken from the caller, never stored as a job parameter. */
    private static final String SOURCE_TOKEN = "sourceToken";
    private static final String SOURCE_TOKEN_REF = "sourceTokenRef";

    /** Jobs this module provides, with the parameters each accepts. */
    public enum Name {
        UPLOAD_CLEANUP("upload-cleanup"),
        STORAGE_CLEANUP("storage-cleanup", "dryRun"),
        STORAGE_VERIFY("storage-verify"),
        IMPORT_DIRECTORY("import-directory", "directory", "entity", "collection", "tag", "user"),
        IMPORT_LIBRARY("import-library", "source", "sourceToken", "refs", "sourceCollection", "entity", "collection", "user"),
        IMPORT_BUNDLE("import-bundle", "bundle", "entity", "collection", "user"),
        LIMITS_RESET("limits-reset");

        private final String xml;
        private final List<String> parameters;

        Name(String xml, String... parameters) {
            this.xml = xml;
            this.parameters = List.of(parameters);
        }

        public String xml() {
            return xml;
        }

        public List<String> parameters() {
            return parameters;
        }

        /** The job called {@code xml} (as in its job XML), or NOT_FOUND. */
        public static Name of(String xml) {
            return Arrays.stream(values()).filter(n -> n.xml.equals(xml)).findFirst()
                    .orElseThrow(() -> RegistryException.notFound("no job named '" + xml + "'"));
        }
    }

    /** A job run as reported to callers. */
    public record Run(long executionId, String job, BatchStatus status, String exitStatus) {}

    /** One step of a run: its counters (read, write, skip, commit...) and the report it kept. */
    public record Step(String name, BatchStatus status, String exitStatus, Map<String, Long> metrics, Object report) {}

    /** Everything known about a run; {@code summary} is the job's exit status, written by its last step. */
    public record Report(long executionId, String job, BatchStatus status, String summary, Instant createdAt,
            Instant startedAt, Instant endedAt, Map<String, String> parameters, List<Step> steps) {}

    @Inject
    Leases leases;

    @Inject
    AccountService accounts;

    @Inject
    NamespaceService namespaces;

    @Inject
    JobRecovery recovery;

    @Inject
    RegistryMetrics metrics;

    @Inject
    SourceTokens sourceTokens;

    public long start(Name job, Properties parameters) {
        return start(job, parameters, "api");
    }

    private long start(Name job, Properties parameters, String trigger) {
        long id = operator().start(job.xml(), parameters == null ? new Properties() : parameters);
        recorded(id);
        metrics.jobStarted(job.xml(), trigger);
        LOG.log(System.Logger.Level.INFO, "started job {0} as execution {1}", job.xml(), id);
        return id;
    }

    public Run status(long executionId) {
        JobExecution execution = execution(executionId);
        return new Run(executionId, execution.getJobName(), execution.getBatchStatus(), execution.getExitStatus());
    }

    /** A staff member starts {@code job}; unknown or missing parameters are refused before it starts. */
    public Run start(Caller caller, String job, Map<String, String> parameters) {
        Permissions.requireStaff(caller);
        Name name = Name.of(job);
        Properties properties = new Properties();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (!name.parameters().contains(p.getKey())) {
                throw RegistryException.invalid("job " + job + " takes no parameter '" + p.getKey() + "'"
                        + (name.parameters().isEmpty() ? "" : "; it takes " + String.join(", ", name.parameters())));
            }
            if (p.getValue() != null) {
                properties.setProperty(p.getKey(), p.getValue());
            }
        }
        if (name == Name.STORAGE_CLEANUP) {
            String dryRun = properties.getProperty("dryRun", "false");
            if (!dryRun.equals("true") && !dryRun.equals("false")) {
                throw RegistryException.invalid("dryRun must be true or false");
            }
        } else if (name == Name.IMPORT_DIRECTORY) {
            checkImport(properties);
        } else if (name == Name.IMPORT_BUNDLE) {
            checkBundle(properties);
        } else if (name == Name.IMPORT_LIBRARY) {
            checkMirror(properties);
            String token = (String) properties.remove(SOURCE_TOKEN);
            if (token != null && !token.isBlank()) {
                properties.setProperty(SOURCE_TOKEN_REF, sourceTokens.hold(token));
            }
        }
        return status(start(name, properties));
    }

    public Report report(Caller caller, long executionId) {
        Permissions.requireStaff(caller);
        JobExecution execution = execution(executionId);
        List<Step> steps = operator().getStepExecutions(executionId).stream()
                .sorted(Comparator.comparing(StepExecution::getStepExecutionId))
                .map(s -> new Step(s.getStepName(), s.getBatchStatus(), s.getExitStatus(), metrics(s),
                        s.getPersistentUserData()))
                .toList();
        Map<String, String> parameters = new TreeMap<>();
        Properties given = execution.getJobParameters();
        if (given != null) {
            given.stringPropertyNames().forEach(k -> parameters.put(k, given.getProperty(k)));
        }
        return new Report(executionId, execution.getJobName(), execution.getBatchStatus(), execution.getExitStatus(),
                instant(execution.getCreateTime()), instant(execution.getStartTime()), instant(execution.getEndTime()),
                parameters, steps);
    }

    /** The latest runs of this module's jobs, newest first. */
    public List<Run> recent(Caller caller, int max) {
        Permissions.requireStaff(caller);
        List<Run> runs = new ArrayList<>();
        for (Name name : Name.values()) {
            List<JobInstance> instances;
            try {
                instances = operator().getJobInstances(name.xml(), 0, max);
            } catch (NoSuchJobException neverRan) {
                continue;
            }
            for (JobInstance instance : instances) {
                operator().getJobExecutions(instance).forEach(e -> runs.add(
                        new Run(e.getExecutionId(), e.getJobName(), e.getBatchStatus(), e.getExitStatus())));
            }
        }
        return runs.stream().sorted(Comparator.comparingLong(Run::executionId).reversed()).limit(max).toList();
    }

    public Run stop(Caller caller, long executionId) {
        Permissions.requireStaff(caller);
        execution(executionId);
        try {
            operator().stop(executionId);
        } catch (JobExecutionNotRunningException e) {
            throw RegistryException.conflict("execution " + executionId + " is not running");
        }
        return status(executionId);
    }

    /** Restarts a stopped or failed run where its last checkpoint left it, with the same parameters. */
    public Run restart(Caller caller, long executionId) {
        return restart(caller, executionId, Map.of());
    }

    /**
     * Restarts a stopped or failed run; {@code given} may only bring {@code sourceToken} again (an
     * import-library run whose node restarted, and with it forgot the token).
     */
    public Run restart(Caller caller, long executionId, Map<String, String> given) {
        Permissions.requireStaff(caller);
        JobExecution execution = execution(executionId);
        for (String key : given.keySet()) {
            if (!key.equals(SOURCE_TOKEN) || !Name.IMPORT_LIBRARY.xml().equals(execution.getJobName())) {
                throw RegistryException.invalid("a restart takes no parameter '" + key + "': it runs with the "
                        + "parameters of the execution (import-library takes sourceToken again)");
            }
        }
        try {
            Properties parameters = execution.getJobParameters() == null ? new Properties() : execution.getJobParameters();
            String token = given.get(SOURCE_TOKEN);
            if (token != null && !token.isBlank()) {
                String ref = parameters.getProperty(SOURCE_TOKEN_REF);
                if (ref == null) {
                    parameters.setProperty(SOURCE_TOKEN_REF, sourceTokens.hold(token));
                } else {
                    sourceTokens.hold(ref, token);
                }
            }
            long id = operator().restart(executionId, parameters);
            recorded(id);
            metrics.jobStarted(execution.getJobName(), "restart");
            return status(id);
        } catch (JobExecutionAlreadyCompleteException e) {
            throw RegistryException.conflict("execution " + executionId + " completed: start the job again instead");
        } catch (JobExecutionNotMostRecentException e) {
            throw RegistryException.conflict("execution " + executionId + " is not the latest of its job instance");
        } catch (JobRestartException e) {
            throw RegistryException.conflict("execution " + executionId + " cannot be restarted: " + e.getMessage());
        }
    }

    /** Records this node as the execution's owner (crash recovery); the job runs already, so a failure only warns. */
    private void recorded(long executionId) {
        try {
            recovery.started(executionId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the node of job execution " + executionId
                    + ": after a crash it will not be marked FAILED automatically", e);
        }
    }

    /**
     * Starts {@code job} for a tick of its schedule ({@link JobSchedules}) if this node wins the
     * lease; the lease is shorter than the time to the next tick, so the next run is free to
     * start, and longer than the clocks of the nodes can differ by.
     */
    public void startScheduled(Name job, Duration lease) {
        try {
            if (leases.acquire("job." + job.xml(), lease)) {
                start(job, null, "schedule");
            } else {
                LOG.log(System.Logger.Level.DEBUG, "scheduled job {0} is started by another node", job.xml());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot start scheduled job " + job.xml(), e);
        }
    }

    /** What import-directory needs, checked before it starts: a clear 4xx beats a failed run. */
    private void checkImport(Properties parameters) {
        String directory = parameters.getProperty("directory");
        if (directory == null || directory.isBlank() || !Path.of(directory).isAbsolute()) {
            throw RegistryException.invalid("directory must be an absolute path on the server");
        }
        if (!Files.isDirectory(Path.of(directory)) || !Files.isReadable(Path.of(directory))) {
            throw RegistryException.invalid("directory " + directory + " is not a readable directory on the server");
        }
        namespaces.get(parameters.getProperty("entity"));
        Names.requireName("collection", parameters.getProperty("collection"));
        Names.requireTag(parameters.getProperty("tag", "latest"));
        requireStaffUser(parameters);
    }

    /** What import-bundle needs, checked before it starts: a bundle file on the server, a target entity, a staff user. */
    private void checkBundle(Properties parameters) {
        String bundle = parameters.getProperty("bundle");
        if (bundle == null || bundle.isBlank() || !Path.of(bundle).isAbsolute()) {
            throw RegistryException.invalid("bundle must be the absolute path of a bundle file on the server");
        }
        BundleManifest manifest;
        try {
            manifest = BundleFile.manifest(Path.of(bundle));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid(e.getMessage());
        }
        String entity = parameters.getProperty("entity");
        if (entity == null || entity.isBlank()) {
            throw RegistryException.invalid("import-bundle needs the target entity");
        }
        namespaces.get(entity);
        Names.requireName("collection", parameters.getProperty("collection", manifest.collection().name()));
        requireStaffUser(parameters);
    }

    /**
     * What import-library needs, checked before it starts: an http(s) source that answers as a
     * library server (with the token, when given), refs or a source collection, a staff user.
     */
    private void checkMirror(Properties parameters) {
        URI source;
        try {
            source = LibrarySource.address(parameters.getProperty("source"));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid(e.getMessage());
        }
        String refs = parameters.getProperty("refs", "").strip();
        String collection = parameters.getProperty("sourceCollection", "").strip();
        if (refs.isEmpty() == collection.isEmpty()) {
            throw RegistryException.invalid("import-library takes either refs (entity/collection/container:tag, "
                    + "separated by commas or spaces) or sourceCollection (entity/collection), not both, not neither");
        }
        try {
            if (!refs.isEmpty()) {
                for (String ref : refs.split("[,\\s]+")) {
                    SourceRef.parse(ref);
                }
            }
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid("refs: " + e.getMessage());
        }
        if (!collection.isEmpty()) {
            String[] names = collection.split("/", -1);
            if (names.length != 2 || !Names.isName(names[0]) || !Names.isName(names[1])) {
                throw RegistryException.invalid("sourceCollection must be entity/collection, not '" + Names.clip(collection, 80) + "'");
            }
        }
        if (parameters.getProperty("entity") != null) {
            namespaces.get(parameters.getProperty("entity"));
        }
        if (parameters.getProperty("collection") != null) {
            Names.requireName("collection", parameters.getProperty("collection"));
        }
        requireStaffUser(parameters);
        try {
            new LibrarySource(source, parameters.getProperty(SOURCE_TOKEN)).version();
        } catch (SourceException e) {
            throw RegistryException.invalid("source " + source + " does not answer as a library API server: " + e.getMessage());
        }
    }

    private void requireStaffUser(Properties parameters) {
        String user = parameters.getProperty("user",
                ConfigProvider.getConfig().getValue("registry.admin.user", String.class));
        if (!accounts.callerFor(user).isStaff()) {
            throw RegistryException.invalid("user " + user + " is not an administrator: imports run as staff");
        }
    }

    private static JobExecution execution(long executionId) {
        try {
            return operator().getJobExecution(executionId);
        } catch (NoSuchJobExecutionException e) {
            throw RegistryException.notFound("job execution " + executionId + " not found");
        }
    }

    private static Map<String, Long> metrics(StepExecution step) {
        Map<String, Long> metrics = new TreeMap<>();
        Metric[] all = step.getMetrics();
        if (all != null) {
            for (Metric m : all) {
                metrics.put(m.getType().name().toLowerCase(Locale.ROOT), m.getValue());
            }
        }
        return metrics;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
