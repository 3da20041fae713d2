package org.sregistry.web.console.collection;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.sregistry.collection.CollectionMember;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.CollectionService.MemberKind;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.ContainerService;
import org.sregistry.container.Tag;
import org.sregistry.registry.RegistryException;
import org.sregistry.signature.SignaturePolicy;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.ConsolePaths;
import org.sregistry.web.console.CurrentUser;

/** {@code collection-settings.xhtml}: privacy, description, signature policy, members, frozen tags and deletion, for owners. */
@Named
@ViewScoped
public class CollectionSettingsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser currentUser;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    ConsoleMessages messages;

    private String entity;
    private String collection;
    private boolean privateCollection;
    @Size(max = ContainerCollection.DESCRIPTION_MAX)
    private String description;
    private MemberKind memberKind = MemberKind.USER;
    private String memberName;
    private CollectionMember.Role memberRole = CollectionMember.Role.CONTRIBUTOR;
    private SignaturePolicy signaturePolicy = SignaturePolicy.ANY;
    private String signerKeys;
    private transient ContainerCollection subject;

    /** The view action: only those who manage the collection get past it (others see the 404 page). */
    public void load() {
        if (blank(entity) || blank(collection)) {
            throw RegistryException.notFound("no collection named");
        }
        subject = collections.get(currentUser.caller(), entity, collection);
        Permissions.requireManage(currentUser.caller(), subject);
        privateCollection = subject.isPrivate();
        description = subject.getDescription();
        signaturePolicy = subject.getSignaturePolicy();
        signerKeys = String.join("\n", subject.getSignerKeys());
    }

    /** Sets the signature policy and the listed fingerprints (one per line, or separated by commas). */
    public void saveSignaturePolicy() {
        List<String> keys = signerKeys == null ? List.of()
                : Arrays.stream(signerKeys.split("[\\n,;]+")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        subject = collections.setSignaturePolicy(currentUser.caller(), entity, collection, signaturePolicy, keys);
        signerKeys = String.join("\n", subject.getSignerKeys());
        messages.info("settings.signature.saved", subject.getSignaturePolicy().name());
    }

    public SignaturePolicy[] getSignaturePolicies() {
        return SignaturePolicy.values();
    }

    public SignaturePolicy getSignaturePolicy() {
        return signaturePolicy;
    }

    public void setSignaturePolicy(SignaturePolicy signaturePolicy) {
        this.signaturePolicy = signaturePolicy;
    }

    public String getSignerKeys() {
        return signerKeys;
    }

    public void setSignerKeys(String signerKeys) {
        this.signerKeys = signerKeys;
    }

    public void save() {
        subject = collections.update(currentUser.caller(), entity, collection, privateCollection, description == null ? "" : description);
        messages.info("settings.saved");
    }

    public void addMember() {
        subject = collections.putMember(currentUser.caller(), entity, collection, memberKind, memberName, memberRole);
        messages.info("settings.member.added", memberName);
        memberName = null;
    }

    public void removeMember(CollectionMember member) {
        subject = collections.removeMember(currentUser.caller(), entity, collection,
                member.isTeam() ? MemberKind.TEAM : MemberKind.USER, member.getName());
        messages.info("settings.member.removed", member.getName());
    }

    public void setFrozen(Tag tag, boolean frozen) {
        containers.freeze(currentUser.caller(), entity, collection, tag.getContainer().getName(), tag.getName(), tag.getArch(), frozen);
        messages.info(frozen ? "settings.tag.frozen" : "settings.tag.thawed", tag.getName());
    }

    public void delete() throws IOException {
        collections.delete(currentUser.caller(), entity, collection);
        messages.info("settings.deleted", entity + "/" + collection);
        messages.keepForRedirect();
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getExternalContext().redirect(faces.getExternalContext().getRequestContextPath() + ConsolePaths.HOME);
        faces.responseComplete();
    }

    public ContainerCollection getSubject() {
        if (subject == null) {
            subject = collections.get(currentUser.caller(), entity, collection);
        }
        return subject;
    }

    /** Every tag of every container, by container, tag and architecture. */
    public List<Tag> getTags() {
        return containers.visibleIn(currentUser.caller(), getSubject()).stream().flatMap(c -> c.getTags().stream())
                .sorted(Comparator.comparing((Tag t) -> t.getContainer().getName()).thenComparing(Tag::getName)
                        .thenComparing(Tag::getArch)).toList();
    }

    public MemberKind[] getMemberKinds() {
        return MemberKind.values();
    }

    public CollectionMember.Role[] getRoles() {
        return CollectionMember.Role.values();
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

    public boolean isPrivateCollection() {
        return privateCollection;
    }

    public void setPrivateCollection(boolean privateCollection) {
        this.privateCollection = privateCollection;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public MemberKind getMemberKind() {
        return memberKind;
    }

    public void setMemberKind(MemberKind memberKind) {
        this.memberKind = memberKind;
    }

    public String getMemberName() {
        return memberName;
    }

    public void setMemberName(String memberName) {
        this.memberName = memberName;
    }

    public CollectionMember.Role getMemberRole() {
        return memberRole;
    }

    public void setMemberRole(CollectionMember.Role memberRole) {
        this.memberRole = memberRole;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
