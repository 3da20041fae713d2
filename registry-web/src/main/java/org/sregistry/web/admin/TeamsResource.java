package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.sregistry.account.Caller;
import org.sregistry.team.TeamRole;
import org.sregistry.team.TeamService;
import org.sregistry.web.api.Envelope;

/** Teams, their members and invites ({@link TeamService} decides who may do what). */
@Tag(name = "teams", description = "Teams: create, members, invite codes, join and leave.")
@Path("api/teams")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TeamsResource {

    @Inject
    Caller caller;

    @Inject
    TeamService teams;

    @POST
    public Response create(AccountsJson.NewTeam body) {
        AccountsJson.require(body);
        var team = teams.create(caller, body.name(), body.description(), Boolean.TRUE.equals(body.inviteOnly()));
        return Response.status(201).entity(Envelope.of(AccountsJson.TeamJson.of(team))).build();
    }

    @GET
    @Path("{name}")
    public Envelope<AccountsJson.TeamJson> get(@PathParam("name") String name) {
        return Envelope.of(AccountsJson.TeamJson.of(teams.view(caller, name)));
    }

    /** Adds a member or changes a member's role ({@code MEMBER} unless said). */
    @POST
    @Path("{name}/members")
    public Envelope<AccountsJson.TeamJson> putMember(@PathParam("name") String name, AccountsJson.NewMember body) {
        AccountsJson.require(body);
        return Envelope.of(AccountsJson.TeamJson.of(teams.putMember(caller, name, body.user(),
                AccountsJson.parse(TeamRole.class, "team role", body.role(), TeamRole.MEMBER))));
    }

    @DELETE
    @Path("{name}/members/{user}")
    public Envelope<AccountsJson.TeamJson> removeMember(@PathParam("name") String name, @PathParam("user") String user) {
        return Envelope.of(AccountsJson.TeamJson.of(teams.removeMember(caller, name, user)));
    }

    @POST
    @Path("{name}/invites")
    public Response invite(@PathParam("name") String name, AccountsJson.NewInvite body) {
        Long hours = body == null ? null : body.ttlHours();
        var made = teams.invite(caller, name, hours == null ? null : Duration.ofHours(hours));
        return Response.status(201).entity(Envelope.of(new AccountsJson.InviteJson(made.invite().getId(), name,
                made.invite().getExpiresAt(), made.code()))).build();
    }

    /** Joins: an open team without a body, an invite-only team with {@code {"code": ...}}. */
    @POST
    @Path("{name}/join")
    public Envelope<AccountsJson.TeamJson> join(@PathParam("name") String name, AccountsJson.JoinRequest body) {
        return Envelope.of(AccountsJson.TeamJson.of(teams.join(caller, name, body == null ? null : body.code())));
    }

    @POST
    @Path("{name}/leave")
    public Response leave(@PathParam("name") String name) {
        teams.leave(caller, name);
        return Response.noContent().build();
    }
}
