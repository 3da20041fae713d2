package org.sregistry.web.console.admin;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.util.List;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.storage.UsageService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/storage.xhtml}: storage in total and per collection, a chart of the largest, quotas. */
@Named("adminStorage")
@ViewScoped
public class StorageBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int CHART_TOP = 10;
    private static final int ENTITIES_SHOWN = 50;
    private static final long MIB = 1024L * 1024;

    @Inject
    CurrentUser user;

    @Inject
    UsageService usage;

    @Inject
    NamespaceService namespaces;

    @Inject
    ConsoleMessages messages;

    private UsageService.Overview overview;
    private String chart;
    private String filter;
    private String entityFilter;
    private String quotaEntity;
    private Long quotaMib;
    private final PagedModel<UsageService.CollectionUsage> model = new PagedModel<>(
            () -> usage.countCollections(user.caller(), filter),
            (offset, limit) -> usage.collections(user.caller(), filter, offset, limit), UsageService.CollectionUsage::path);

    @PostConstruct
    void load() {
        overview = usage.overview(user.caller());
        chart = chart(usage.collections(user.caller(), null, 0, CHART_TOP));
    }

    public void setQuota() {
        namespaces.setQuota(user.caller(), quotaEntity, quotaMib == null ? null : quotaMib * MIB);
        messages.info(quotaMib == null ? "admin.storage.quotaRemoved" : "admin.storage.quotaSet", quotaEntity, quotaMib);
    }

    /** A Chart.js bar chart (what PrimeFaces' p:chart draws) of the largest collections, in MiB. */
    private String chart(List<UsageService.CollectionUsage> top) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        top.forEach(c -> {
            labels.add(c.path());
            data.add(Math.round(c.bytes() * 100.0 / MIB) / 100.0);
        });
        return Json.createObjectBuilder().add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("label", messages.text("admin.storage.chart.label"))
                                .add("data", data).add("backgroundColor", "#1f5f99"))))
                .add("options", Json.createObjectBuilder().add("indexAxis", "y").add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("plugins", Json.createObjectBuilder().add("legend", Json.createObjectBuilder().add("display", false))))
                .build().toString();
    }

    public List<UsageService.EntityUsage> getEntities() {
        return usage.entities(user.caller(), entityFilter, ENTITIES_SHOWN);
    }

    public UsageService.Overview getOverview() {
        return overview;
    }

    public String getChart() {
        return chart;
    }

    public PagedModel<UsageService.CollectionUsage> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public String getEntityFilter() {
        return entityFilter;
    }

    public void setEntityFilter(String entityFilter) {
        this.entityFilter = entityFilter;
    }

    public String getQuotaEntity() {
        return quotaEntity;
    }

    public void setQuotaEntity(String quotaEntity) {
        this.quotaEntity = quotaEntity;
    }

    public Long getQuotaMib() {
        return quotaMib;
    }

    public void setQuotaMib(Long quotaMib) {
        this.quotaMib = quotaMib;
    }
}
