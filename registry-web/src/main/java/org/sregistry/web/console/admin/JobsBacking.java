package org.sregistry.web.console.admin;

import jakarta.batch.runtime.BatchStatus;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.batch.Jobs;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/jobs.xhtml}: start a batch job with its parameters, follow it, and its history. */
@Named("adminJobs")
@ViewScoped
public class JobsBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int HISTORY = 50;

    @Inject
    CurrentUser user;

    @Inject
    Jobs jobs;

    @Inject
    ConsoleMessages messages;

    private Jobs.Name job = Jobs.Name.STORAGE_VERIFY;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Long executionId;
    private transient Jobs.Report report;
    private transient FacesContext reportFor;

    public void start() {
        Map<String, String> given = new LinkedHashMap<>();
        job.parameters().forEach(p -> {
            String value = parameters.get(p);
            if (value != null && !value.isBlank()) {
                given.put(p, value.trim());
            }
        });
        reportFor = null;
        parameters.remove("sourceToken"); // import-library's secret: not kept in the view state
        executionId = jobs.start(user.caller(), job.xml(), given).executionId();
        messages.info("admin.jobs.startedRun", job.xml(), executionId);
    }

    public void show(long id) {
        executionId = id;
        reportFor = null;
    }

    /** The run on show (the one just started, or one picked from the history), or null. */
    public Jobs.Report getReport() {
        FacesContext now = FacesContext.getCurrentInstance();
        if (reportFor != now) { // read once per request: the page shows it in many places
            report = executionId == null ? null : jobs.report(user.caller(), executionId);
            reportFor = now;
        }
        return report;
    }

    public boolean isRunning() {
        Jobs.Report report = getReport();
        return report != null && (report.status() == BatchStatus.STARTING || report.status() == BatchStatus.STARTED
                || report.status() == BatchStatus.STOPPING);
    }

    public List<Jobs.Run> getHistory() {
        return jobs.recent(user.caller(), HISTORY);
    }

    public Jobs.Name[] getJobNames() {
        return Jobs.Name.values();
    }

    public Jobs.Name getJob() {
        return job;
    }

    public void setJob(Jobs.Name job) {
        this.job = job;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public Long getExecutionId() {
        return executionId;
    }
}
