package org.sregistry.web.console.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.registry.Names;
import org.sregistry.team.TeamService;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.ConsolePaths;
import org.sregistry.web.console.CurrentUser;

/** "New collection" on the account page: in the caller's own namespace or one of their teams'. */
@Named
@RequestScoped
public class NewCollectionBacking {

    @Inject
    CollectionService collections;

    @Inject
    TeamService teams;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleMessages messages;

    private String entity;

    @NotBlank
    @Size(max = Names.NAME_MAX)
    private String name;

    @Size(max = ContainerCollection.DESCRIPTION_MAX)
    private String description;

    private boolean makePrivate;

    /** The caller's namespace first, then their teams'. */
    public List<String> getEntities() {
        List<String> entities = new ArrayList<>(List.of(user.getUsername()));
        teams.membershipsOf(user.caller().accountId()).forEach(m -> entities.add(m.getTeam().getName()));
        return entities;
    }

    public void create() throws IOException {
        var made = collections.create(user.caller(), entity == null ? user.getUsername() : entity, name, makePrivate, description);
        messages.info("collection.new.created", made.getNamespace().getName() + "/" + made.getName());
        messages.keepForRedirect();
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.redirect(external.getRequestContextPath() + ConsolePaths.ROOT + "/collection.xhtml?entity="
                + encode(made.getNamespace().getName()) + "&collection=" + encode(made.getName()));
        FacesContext.getCurrentInstance().responseComplete();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public String getEntity() {
        return entity;
    }

    public void setEntity(String entity) {
        this.entity = entity;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isMakePrivate() {
        return makePrivate;
    }

    public void setMakePrivate(boolean makePrivate) {
        this.makePrivate = makePrivate;
    }
}
