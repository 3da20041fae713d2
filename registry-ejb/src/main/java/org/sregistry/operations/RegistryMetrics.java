package org.sregistry.operations;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.sregistry.registry.RegistryDataSource;

/**
 * The registry's own metrics (application scope of MicroProfile Metrics, served by Payara at
 * {@code /metrics?scope=application} in Prometheus text format): pushes, pulls, bytes in and out,
 * refused uploads by reason, bytes kept in the blob store, job runs. Every channel counts through
 * this one bean.
 */
@ApplicationScoped
public class RegistryMetrics {

    /** Why an upload was refused, as the {@code reason} tag of {@code registry_upload_failures_total}. */
    public enum UploadFailure {
        SHA256_MISMATCH, TRUNCATED, SIZE_MISMATCH, NOT_SIF;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final System.Logger LOG = System.getLogger(RegistryMetrics.class.getName());

    @Inject
    MetricRegistry metrics;

    /** Looked up on first use, not injected: see {@link RegistryDataSource#lookup()}. */
    private DataSource dataSource;

    private DataSource dataSource() {
        if (dataSource == null) {
            dataSource = RegistryDataSource.lookup();
        }
        return dataSource;
    }

    /** Counted on the hottest path (tens of thousands a second), so looked up once. */
    private Counter directReads;
    private Counter keptReads;
    private Counter searchesInMemory;
    private Counter keptSearches;
    private Counter anonymousRequests;
    private Counter bearerRequests;

    @PostConstruct
    void register() {
        directReads = metrics.counter(meta("registry.reads.direct",
                "GET /version and GET /v1/images answered in front of JAX-RS", MetricUnits.NONE));
        keptReads = metrics.counter(meta("registry.reads.kept",
                "GET /v1/images answered from the image JSON this node keeps for a short while", MetricUnits.NONE));
        searchesInMemory = metrics.counter(meta("registry.search.indexed",
                "Searches matched by the index this node keeps in memory, without the statements", MetricUnits.NONE));
        keptSearches = metrics.counter(meta("registry.search.kept",
                "Searches answered from the whole answer this node kept of the same search by the same caller",
                MetricUnits.NONE));
        anonymousRequests = metrics.counter(meta("registry.requests.anonymous",
                "Requests without credentials let through as anonymous ahead of the authentication mechanism",
                MetricUnits.NONE));
        bearerRequests = metrics.counter(meta("registry.requests.bearer",
                "Requests with an Authorization header decided ahead of Jakarta Security's bridge", MetricUnits.NONE));
        metrics.gauge(Metadata.builder().withName("registry.storage.used").withUnit(MetricUnits.BYTES)
                .withDescription("Bytes of the distinct blobs recorded in the blob store (stored_blob)").build(),
                this::storedBytes);
    }

    /** Registers the gauge at start-up, not at the first push. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        metrics.getNames(); // touching the bean runs register()
    }

    /** An image's bytes were verified and it became pullable. */
    public void pushed() {
        metrics.counter(meta("registry.pushes", "Images whose upload completed", MetricUnits.NONE)).inc();
    }

    /** Bytes received by an upload (single or one part), whether or not the push completes later. */
    public void received(long bytes) {
        metrics.counter(meta("registry.bytes.in", "Bytes received by uploads", MetricUnits.BYTES)).inc(bytes);
    }

    /**
     * A {@code GET /version} or {@code GET /v1/images/…} was answered in front of JAX-RS (the web
     * module's {@code HotReads}); those it leaves to JAX-RS are not counted.
     */
    public void readDirectly() {
        directReads.inc();
    }

    /**
     * A {@code GET /v1/images/…} was answered from the JSON the node keeps (the web module's {@code
     * KeptImages}), without reading the database; also counted by {@link #readDirectly}.
     */
    public void readKept() {
        keptReads.inc();
    }

    /**
     * The node built its search index ({@code KeptSearchIndex}) in {@code took}: how often and how
     * long, which a catalog that changes all the time drives up (the builds are paced, see there).
     */
    public void searchIndexBuilt(Duration took) {
        metrics.timer(meta("registry.search.index.builds",
                "Builds of the search index this node keeps in memory, and how long each took", MetricUnits.SECONDS))
                .update(took);
    }

    /** A search was matched by the index the node keeps ({@code KeptSearchIndex}), not by statements. */
    public void searchedInMemory() {
        searchesInMemory.inc();
    }

    /**
     * A search was answered from the whole answer the node kept of the same search by the same caller
     * (the web module's {@code SearchAnswers}): neither the index nor the statements were asked.
     */
    public void searchKept() {
        keptSearches.inc();
    }

    /**
     * A request without credentials was let through as anonymous without calling the authentication
     * mechanism (the web module's {@code DirectAuthentication}).
     */
    public void anonymousRequest() {
        anonymousRequests.inc();
    }

    /**
     * A request with an {@code Authorization} header was decided (a caller, nobody, or refused) by the
     * registry's own code ahead of Jakarta Security's bridge (the web module's {@code DirectAuthentication}).
     */
    public void bearerRequest() {
        bearerRequests.inc();
    }

    /** A pull request for an image file was answered (a redirect to its signed URL or the bytes). */
    public void pulled() {
        metrics.counter(meta("registry.pulls", "Image pulls (GET /v1/imagefile)", MetricUnits.NONE)).inc();
    }

    /** Bytes of image files sent to clients. */
    public void sent(long bytes) {
        metrics.counter(meta("registry.bytes.out", "Bytes of image files sent", MetricUnits.BYTES)).inc(bytes);
    }

    /** Of the bytes sent, those that went from the page cache to the connection without a copy in the heap. */
    public void sentMapped(long bytes) {
        metrics.counter(meta("registry.bytes.out.mapped", "Bytes of image files sent without a copy in the heap",
                MetricUnits.BYTES)).inc(bytes);
    }

    /**
     * An upload body (a whole file or one part) was written: {@code receiving} is the time from its
     * first to its last byte (reading, hashing, writing), {@code flushing} the time the disk then took
     * to make it durable, before it is verified.
     */
    public void uploadWritten(Duration receiving, Duration flushing) {
        metrics.timer(meta("registry.upload.receive", "Time receiving, hashing and writing upload bodies",
                MetricUnits.NANOSECONDS)).update(receiving);
        metrics.timer(meta("registry.upload.flush", "Time flushing written upload bodies to disk (fsync)",
                MetricUnits.NANOSECONDS)).update(flushing);
    }

    public void uploadFailed(UploadFailure reason) {
        metrics.counter(meta("registry.upload.failures", "Uploads refused, by reason", MetricUnits.NONE),
                new Tag("reason", reason.tag())).inc();
    }

    /** A batch job was started ({@code trigger}: api, schedule, restart). */
    public void jobStarted(String job, String trigger) {
        metrics.counter(meta("registry.job.runs", "Batch job executions started", MetricUnits.NONE),
                new Tag("job", job), new Tag("trigger", trigger)).inc();
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }

    long storedBytes() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(SUM(size_bytes), 0) FROM stored_blob")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "registry.storage.used: cannot read stored_blob: " + e.getMessage());
            return -1;
        }
    }
}
