package org.sregistry.web.console.collection;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import org.sregistry.download.DownloadService;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.container.Tag;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code container.xhtml?entity=&collection=&container=}: a container's tags and images with what
 * their SIF files say, download links, and tag moves and deletes for those who may push.
 */
@Named
@ViewScoped
public class ContainerBacking implements Serializable {

    /** Days the downloads chart shows. */
    public static final int HISTORY_DAYS = 30;

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser currentUser;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    ConsoleMessages messages;

    @Inject
    DownloadService downloads;

    private String entity;
    private String collection;
    private String container;
    /** The tag to move, as {@code name/arch}, and the id of the image to point it at. */
    private String moveTag;
    private String moveTo;
    private transient Container subject;
    private transient List<Image> imageList;
    private transient List<DownloadService.DayPulls> history;

    /** The view action: the 404 page when the container or its collection is missing or invisible. */
    public void load() {
        if (blank(entity) || blank(collection) || blank(container)) {
            throw RegistryException.notFound("no container named");
        }
        refresh();
    }

    /** Pulls per day over the last {@value #HISTORY_DAYS} days (UTC), oldest first. */
    public List<DownloadService.DayPulls> getHistory() {
        if (history == null) {
            history = downloads.history(currentUser.caller(), entity, collection, container, HISTORY_DAYS);
        }
        return history;
    }

    /** The same as a Chart.js bar chart, what PrimeFaces' p:chart draws. */
    public String getHistoryChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        getHistory().forEach(d -> {
            labels.add(d.day().toString());
            data.add(d.pulls());
        });
        return Json.createObjectBuilder().add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("label", messages.text("container.downloads.chart"))
                                .add("data", data).add("backgroundColor", "#1f5f99"))))
                .add("options", Json.createObjectBuilder().add("responsive", true).add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder().add("y", Json.createObjectBuilder()
                                .add("beginAtZero", true).add("ticks", Json.createObjectBuilder().add("precision", 0))))
                        .add("plugins", Json.createObjectBuilder().add("legend", Json.createObjectBuilder().add("display", false))))
                .build().toString();
    }

    public long getHistoryTotal() {
        return getHistory().stream().mapToLong(DownloadService.DayPulls::pulls).sum();
    }

    public void move() {
        String[] tag = moveTag == null ? new String[0] : moveTag.split("/", 2);
        if (tag.length != 2) {
            throw RegistryException.invalid(messages.text("container.move.choose"));
        }
        containers.tag(currentUser.caller(), getSubject().getId(), tag[0], tag[1], moveTo);
        messages.info("container.moved", tag[0]);
        refresh();
    }

    public void untag(Tag tag) {
        containers.untag(currentUser.caller(), getSubject().getId(), tag.getName(), tag.getArch());
        messages.info("container.untagged", tag.getName());
        refresh();
    }

    public void deleteImage(Image image) {
        images.deleteById(currentUser.caller(), image.getId());
        messages.info("container.deleted", image.digest().ref());
        refresh();
    }

    private void refresh() {
        subject = containers.get(currentUser.caller(), entity, collection, container);
        imageList = images.describedImagesOf(currentUser.caller(), subject);
    }

    public Container getSubject() {
        if (subject == null) {
            refresh();
        }
        return subject;
    }

    /** Newest first. */
    public List<Image> getImages() {
        getSubject();
        return imageList.stream().sorted(Comparator.comparing(Image::getCreatedAt).reversed()).toList();
    }

    public List<Tag> getTags() {
        return getSubject().getTags().stream().sorted(Comparator.comparing(Tag::getName).thenComparing(Tag::getArch)).toList();
    }

    /** The tags pointing at {@code image}. */
    public List<Tag> tagsOf(Image image) {
        return getTags().stream().filter(t -> t.getImage().getId().equals(image.getId())).toList();
    }

    public boolean isPusher() {
        return Permissions.canPush(currentUser.caller(), getSubject().getCollection());
    }

    public String getEntity() {
        return entity;
    }

    public void setEntity(String entity) {
        this.entity = entity;
    }

    public String getCollection() {
        return collection;
    }

    public void setCollection(String collection) {
        this.collection = collection;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public String getMoveTag() {
        return moveTag;
    }

    public void setMoveTag(String moveTag) {
        this.moveTag = moveTag;
    }

    public String getMoveTo() {
        return moveTo;
    }

    public void setMoveTo(String moveTo) {
        this.moveTo = moveTo;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
