-- Teams (each owns a TEAM namespace), team members and invite codes; collection members that are
-- teams; the audit log. Policy settings live in registry_setting (V1) under "policy.<NAME>".

CREATE TABLE team (
    id           VARCHAR(24)   NOT NULL PRIMARY KEY,
    name         VARCHAR(128)  NOT NULL,
    namespace_id VARCHAR(24)   NOT NULL,
    description  VARCHAR(1024),
    invite_only  BOOLEAN       NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    CONSTRAINT uq_team_name UNIQUE (name),
    CONSTRAINT uq_team_namespace UNIQUE (namespace_id),
    CONSTRAINT fk_team_namespace FOREIGN KEY (namespace_id) REFERENCES namespace (id)
);

CREATE TABLE team_member (
    id         VARCHAR(24) NOT NULL PRIMARY KEY,
    team_id    VARCHAR(24) NOT NULL,
    account_id VARCHAR(24) NOT NULL,
    role       VARCHAR(16) NOT NULL,
    joined_at  DATETIME(6) NOT NULL,
    CONSTRAINT uq_team_member UNIQUE (team_id, account_id),
    CONSTRAINT fk_team_member_team FOREIGN KEY (team_id) REFERENCES team (id),
    CONSTRAINT fk_team_member_account FOREIGN KEY (account_id) REFERENCES account (id)
);
CREATE INDEX ix_team_member_account ON team_member (account_id);

CREATE TABLE team_invite (
    id         VARCHAR(24)  NOT NULL PRIMARY KEY,
    team_id    VARCHAR(24)  NOT NULL,
    code_hash  VARCHAR(64)  NOT NULL,
    created_by VARCHAR(128) NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL,
    used_at    DATETIME(6),
    CONSTRAINT uq_team_invite_code UNIQUE (code_hash),
    CONSTRAINT fk_team_invite_team FOREIGN KEY (team_id) REFERENCES team (id)
);

-- the team that owns a TEAM namespace (no foreign key: team references namespace already)
ALTER TABLE namespace ADD COLUMN team_id VARCHAR(24);

-- a collection member is an account or a team, exactly one of the two
ALTER TABLE collection_member MODIFY account_id VARCHAR(24) NULL;
ALTER TABLE collection_member ADD COLUMN team_id VARCHAR(24);
ALTER TABLE collection_member ADD CONSTRAINT uq_collection_member_team UNIQUE (collection_id, team_id);
ALTER TABLE collection_member ADD CONSTRAINT fk_collection_member_team FOREIGN KEY (team_id) REFERENCES team (id);
ALTER TABLE collection_member ADD CONSTRAINT ck_collection_member_one
    CHECK ((account_id IS NULL AND team_id IS NOT NULL) OR (account_id IS NOT NULL AND team_id IS NULL));

CREATE TABLE audit_event (
    id         VARCHAR(24)   NOT NULL PRIMARY KEY,
    created_at DATETIME(6)   NOT NULL,
    actor      VARCHAR(128),
    action     VARCHAR(32)   NOT NULL,
    target     VARCHAR(512)  NOT NULL,
    detail     VARCHAR(1024)
);
CREATE INDEX ix_audit_event_time ON audit_event (created_at);
CREATE INDEX ix_audit_event_actor ON audit_event (actor, created_at);
