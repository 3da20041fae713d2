-- SIF metadata read from each image's file when its bytes arrive (issue #9).

ALTER TABLE image ADD COLUMN sif_version VARCHAR(2);
ALTER TABLE image ADD COLUMN sif_arch VARCHAR(32);
ALTER TABLE image ADD COLUMN sif_uuid VARCHAR(36);
ALTER TABLE image ADD COLUMN sif_deffile MEDIUMTEXT;
ALTER TABLE image ADD COLUMN sif_environment MEDIUMTEXT;

-- Why an upload's bytes were refused (state REFUSED: not a SIF file); completion answers with it.
ALTER TABLE upload_session ADD COLUMN refusal VARCHAR(1024);

-- One row per used descriptor of the image's SIF file.
CREATE TABLE sif_object (
    id            VARCHAR(24)  NOT NULL PRIMARY KEY,
    image_id      VARCHAR(24)  NOT NULL,
    descriptor_id BIGINT       NOT NULL,
    group_id      INT          NOT NULL,
    linked_id     INT          NOT NULL,
    links_group   BOOLEAN      NOT NULL,
    data_type     INT          NOT NULL,
    type_name     VARCHAR(32)  NOT NULL,
    object_name   VARCHAR(128),
    size_bytes    BIGINT       NOT NULL,
    part_type     VARCHAR(32),
    fs_type       VARCHAR(32),
    arch          VARCHAR(32),
    hash_type     VARCHAR(32),
    fingerprint   VARCHAR(64),
    sbom_format   VARCHAR(32),
    CONSTRAINT fk_sif_object_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
);
CREATE INDEX ix_sif_object_image ON sif_object (image_id);

-- The labels object of the SIF file, one row per key, searchable by key and value.
CREATE TABLE image_label (
    id          VARCHAR(24)   NOT NULL PRIMARY KEY,
    image_id    VARCHAR(24)   NOT NULL,
    label_key   VARCHAR(255)  NOT NULL,
    label_value VARCHAR(1024) NOT NULL,
    CONSTRAINT fk_image_label_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
);
CREATE INDEX ix_image_label_image ON image_label (image_id);
CREATE INDEX ix_image_label_key ON image_label (label_key);
