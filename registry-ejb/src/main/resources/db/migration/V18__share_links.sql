-- Share links (docs/sharing.md): a temporary download link for one image. Only the sha256 of the
-- link's secret is stored (as for API tokens); the link is shown once, when it is made. A link goes
-- with its image; a revoked link keeps its row (revoked_at) so that it answers "revoked", not "unknown".
CREATE TABLE share_link (
    id             VARCHAR(24)  NOT NULL PRIMARY KEY,
    image_id       VARCHAR(24)  NOT NULL,
    tag            VARCHAR(128),
    secret_hash    VARCHAR(64)  NOT NULL,
    created_by     VARCHAR(128),
    created_at     DATETIME(6)  NOT NULL,
    expires_at     DATETIME(6)  NOT NULL,
    revoked_at     DATETIME(6),
    download_count BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT uq_share_link_secret UNIQUE (secret_hash),
    CONSTRAINT fk_share_link_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
);
CREATE INDEX ix_share_link_image ON share_link (image_id);
