-- The search index (org.sregistry.registry.SearchKeys): every suffix of a container's name and
-- description, and of an image's description and label values, cut to 20 characters, as the hex
-- of its lower-case UTF-8 bytes. apptainer search looks a text up as a prefix of these keys
-- (LIKE 'key%', served by the primary key) instead of matching '%text%' against every row.
-- The keys of existing rows are written by the next migration (V24, a Java migration).
CREATE TABLE container_search_key (
    container_id VARCHAR(24)  NOT NULL,
    search_key   VARCHAR(160) NOT NULL,
    CONSTRAINT pk_container_search_key PRIMARY KEY (search_key, container_id),
    CONSTRAINT fk_container_search_key FOREIGN KEY (container_id) REFERENCES container (id) ON DELETE CASCADE
);
CREATE INDEX ix_container_search_key_owner ON container_search_key (container_id);

CREATE TABLE image_search_key (
    image_id   VARCHAR(24)  NOT NULL,
    search_key VARCHAR(160) NOT NULL,
    CONSTRAINT pk_image_search_key PRIMARY KEY (search_key, image_id),
    CONSTRAINT fk_image_search_key FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
);
CREATE INDEX ix_image_search_key_owner ON image_search_key (image_id);
