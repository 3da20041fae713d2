package org.sregistry.team;

/** What a member may do in a team: owners manage it (members, invites) and own its namespace. */
public enum TeamRole {
    OWNER, MEMBER
}
