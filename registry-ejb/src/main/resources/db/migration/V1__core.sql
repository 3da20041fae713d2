-- The registry core: accounts and tokens, namespaces (library "entities"), collections, containers,
-- images, tags, blobs and uploads. Written for MariaDB; H2 runs it in MODE=MariaDB.

CREATE TABLE account (
    id            VARCHAR(24)  NOT NULL PRIMARY KEY,
    username      VARCHAR(128) NOT NULL,
    email         VARCHAR(255),
    password_hash VARCHAR(512),
    role          VARCHAR(16)  NOT NULL,
    active        BOOLEAN      NOT NULL,
    service       BOOLEAN      NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    CONSTRAINT uq_account_username UNIQUE (username)
);

CREATE TABLE api_token (
    id           VARCHAR(24)  NOT NULL PRIMARY KEY,
    account_id   VARCHAR(24)  NOT NULL,
    name         VARCHAR(128) NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    scope        VARCHAR(8)   NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    expires_at   DATETIME(6),
    last_used_at DATETIME(6),
    revoked      BOOLEAN      NOT NULL,
    CONSTRAINT uq_api_token_secret UNIQUE (secret_hash),
    CONSTRAINT fk_api_token_account FOREIGN KEY (account_id) REFERENCES account (id)
);

CREATE TABLE api_token_collection (
    token_id      VARCHAR(24) NOT NULL,
    collection_id VARCHAR(24) NOT NULL,
    PRIMARY KEY (token_id, collection_id),
    CONSTRAINT fk_api_token_collection_token FOREIGN KEY (token_id) REFERENCES api_token (id) ON DELETE CASCADE
);

CREATE TABLE namespace (
    id              VARCHAR(24)   NOT NULL PRIMARY KEY,
    name            VARCHAR(128)  NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    owner_id        VARCHAR(24),
    description     VARCHAR(1024),
    quota_bytes     BIGINT,
    default_private BOOLEAN       NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    CONSTRAINT uq_namespace_name UNIQUE (name),
    CONSTRAINT fk_namespace_owner FOREIGN KEY (owner_id) REFERENCES account (id)
);

CREATE TABLE collection (
    id           VARCHAR(24)   NOT NULL PRIMARY KEY,
    namespace_id VARCHAR(24)   NOT NULL,
    name         VARCHAR(128)  NOT NULL,
    description  VARCHAR(1024),
    is_private   BOOLEAN       NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    CONSTRAINT uq_collection_name UNIQUE (namespace_id, name),
    CONSTRAINT fk_collection_namespace FOREIGN KEY (namespace_id) REFERENCES namespace (id)
);

CREATE TABLE collection_member (
    id            VARCHAR(24) NOT NULL PRIMARY KEY,
    collection_id VARCHAR(24) NOT NULL,
    account_id    VARCHAR(24) NOT NULL,
    role          VARCHAR(16) NOT NULL,
    CONSTRAINT uq_collection_member UNIQUE (collection_id, account_id),
    CONSTRAINT fk_collection_member_collection FOREIGN KEY (collection_id) REFERENCES collection (id),
    CONSTRAINT fk_collection_member_account FOREIGN KEY (account_id) REFERENCES account (id)
);

CREATE TABLE container (
    id               VARCHAR(24)   NOT NULL PRIMARY KEY,
    collection_id    VARCHAR(24)   NOT NULL,
    name             VARCHAR(128)  NOT NULL,
    description      VARCHAR(1024),
    full_description VARCHAR(8192),
    download_count   BIGINT        NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    CONSTRAINT uq_container_name UNIQUE (collection_id, name),
    CONSTRAINT fk_container_collection FOREIGN KEY (collection_id) REFERENCES collection (id)
);

CREATE TABLE image (
    id             VARCHAR(24)   NOT NULL PRIMARY KEY,
    container_id   VARCHAR(24)   NOT NULL,
    digest         VARCHAR(64)   NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    arch           VARCHAR(32),
    description    VARCHAR(1024),
    uploaded       BOOLEAN       NOT NULL,
    download_count BIGINT        NOT NULL,
    created_at     DATETIME(6)   NOT NULL,
    uploaded_at    DATETIME(6),
    CONSTRAINT uq_image_digest UNIQUE (container_id, digest),
    CONSTRAINT fk_image_container FOREIGN KEY (container_id) REFERENCES container (id)
);
CREATE INDEX ix_image_digest ON image (digest);

CREATE TABLE tag (
    id           VARCHAR(24)  NOT NULL PRIMARY KEY,
    container_id VARCHAR(24)  NOT NULL,
    name         VARCHAR(128) NOT NULL,
    arch         VARCHAR(32)  NOT NULL,
    image_id     VARCHAR(24)  NOT NULL,
    frozen       BOOLEAN      NOT NULL,
    updated_at   DATETIME(6)  NOT NULL,
    CONSTRAINT uq_tag UNIQUE (container_id, name, arch),
    CONSTRAINT fk_tag_container FOREIGN KEY (container_id) REFERENCES container (id),
    CONSTRAINT fk_tag_image FOREIGN KEY (image_id) REFERENCES image (id)
);

CREATE TABLE stored_blob (
    digest     VARCHAR(64) NOT NULL PRIMARY KEY,
    size_bytes BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL
);

CREATE TABLE upload_session (
    id            VARCHAR(24) NOT NULL PRIMARY KEY,
    image_id      VARCHAR(24) NOT NULL,
    multipart     BOOLEAN     NOT NULL,
    expected_size BIGINT      NOT NULL,
    part_size     BIGINT      NOT NULL,
    total_parts   INT         NOT NULL,
    state         VARCHAR(16) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    expires_at    DATETIME(6) NOT NULL,
    CONSTRAINT fk_upload_session_image FOREIGN KEY (image_id) REFERENCES image (id)
);

CREATE TABLE upload_part (
    id              VARCHAR(24) NOT NULL PRIMARY KEY,
    session_id      VARCHAR(24) NOT NULL,
    part_number     INT         NOT NULL,
    size_bytes      BIGINT      NOT NULL,
    expected_sha256 VARCHAR(64),
    sha256          VARCHAR(64),
    CONSTRAINT uq_upload_part UNIQUE (session_id, part_number),
    CONSTRAINT fk_upload_part_session FOREIGN KEY (session_id) REFERENCES upload_session (id) ON DELETE CASCADE
);

CREATE TABLE registry_setting (
    name          VARCHAR(128)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(4096) NOT NULL
);
