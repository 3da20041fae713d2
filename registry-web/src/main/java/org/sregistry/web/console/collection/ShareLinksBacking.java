package org.sregistry.web.console.collection;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.sregistry.collection.Permissions;
import org.sregistry.image.Image;
import org.sregistry.share.ShareLink;
import org.sregistry.share.ShareService;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;
import org.sregistry.web.share.ShareLinks;

/**
 * The container page's "Share links" panel, for the collection's owners and staff: make a link to
 * one image (its URL shown once, to copy), see the links with their expiry and downloads, revoke one.
 */
@Named
@ViewScoped
public class ShareLinksBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ContainerBacking page;

    @Inject
    ShareService shares;

    @Inject
    CurrentUser currentUser;

    @Inject
    ConsoleMessages messages;

    @Inject
    PublicUrl publicUrl;

    private String imageId;
    private Integer days = ShareService.DEFAULT_DAYS;
    private String createdUrl;
    private transient List<ShareLink> links;

    /** An image to choose: its id, and its digest and tags to recognise it by. */
    public record Choice(String id, String label) {}

    public boolean isOwner() {
        return Permissions.canManage(currentUser.caller(), page.getSubject().getCollection());
    }

    public void create() {
        var issued = shares.create(currentUser.caller(), page.getEntity(), page.getCollection(), page.getContainer(),
                null, imageId, days);
        createdUrl = ShareLinks.url(publicUrl.base(), issued.secret());
        links = null;
        messages.info("share.created");
    }

    public void revoke(ShareLink link) {
        shares.revoke(currentUser.caller(), link.getId());
        createdUrl = null;
        links = null;
        messages.info("share.revoked");
    }

    public List<ShareLink> getLinks() {
        if (links == null) {
            links = shares.list(currentUser.caller(), page.getEntity(), page.getCollection(), page.getContainer());
        }
        return links;
    }

    public String state(ShareLink link) {
        return link.stateAt(Instant.now()).name();
    }

    /** Uploaded images, newest first, labelled by digest and tags. */
    public List<Choice> getChoices() {
        return page.getImages().stream().filter(Image::isUploaded).map(im -> new Choice(im.getId(),
                im.digest().ref().substring(0, 19) + "… (" + im.getArch() + ")"
                        + page.tagsOf(im).stream().map(t -> " " + t.getName()).collect(Collectors.joining())))
                .toList();
    }

    public int getMaxDays() {
        return shares.getMaxDays();
    }

    public String getImageId() {
        return imageId;
    }

    public void setImageId(String imageId) {
        this.imageId = imageId;
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }

    public String getCreatedUrl() {
        return createdUrl;
    }
}
