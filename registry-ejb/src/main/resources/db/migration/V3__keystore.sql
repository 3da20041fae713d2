-- The keystore: OpenPGP public keys published over HKP (/pks/add), found by fingerprint, key ID or
-- user id (/pks/lookup). A key belongs to the account that first added it; revoked keys stay stored
-- (so a re-add cannot silently bring them back) but are no longer served.

CREATE TABLE public_key (
    id             VARCHAR(24)  NOT NULL PRIMARY KEY,
    fingerprint    VARCHAR(40)  NOT NULL,
    key_id         VARCHAR(16)  NOT NULL,
    algorithm      INT          NOT NULL,
    bits           INT          NOT NULL,
    key_created_at DATETIME(6)  NOT NULL,
    key_expires_at DATETIME(6),
    pgp_revoked    BOOLEAN      NOT NULL,
    armored_text   MEDIUMTEXT   NOT NULL,
    owner_id       VARCHAR(24),
    revoked        BOOLEAN      NOT NULL,
    added_at       DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    revoked_at     DATETIME(6),
    CONSTRAINT uq_public_key_fingerprint UNIQUE (fingerprint),
    CONSTRAINT fk_public_key_owner FOREIGN KEY (owner_id) REFERENCES account (id)
);

-- Every key ID of a key (the primary key's and its subkeys'): signer lookups ask by key ID.
CREATE TABLE public_key_id (
    public_key_id VARCHAR(24) NOT NULL,
    key_id        VARCHAR(16) NOT NULL,
    PRIMARY KEY (public_key_id, key_id),
    CONSTRAINT fk_public_key_id_key FOREIGN KEY (public_key_id) REFERENCES public_key (id) ON DELETE CASCADE
);
CREATE INDEX ix_public_key_id ON public_key_id (key_id);

-- The self-certified user ids ("Name <email>") that text searches match.
CREATE TABLE public_key_uid (
    public_key_id VARCHAR(24)   NOT NULL,
    uid           VARCHAR(1024) NOT NULL,
    CONSTRAINT fk_public_key_uid_key FOREIGN KEY (public_key_id) REFERENCES public_key (id) ON DELETE CASCADE
);
CREATE INDEX ix_public_key_uid ON public_key_uid (public_key_id);
