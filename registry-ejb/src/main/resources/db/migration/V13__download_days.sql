-- Pulls per container and day (UTC), for the console's downloads-over-time chart. One row per
-- container and day with pulls, moved by one upsert per pull; deleted with the container.
CREATE TABLE download_day (
    container_id VARCHAR(24) NOT NULL,
    pull_day     DATE        NOT NULL,
    pulls        BIGINT      NOT NULL,
    CONSTRAINT pk_download_day PRIMARY KEY (container_id, pull_day),
    CONSTRAINT fk_download_day_container FOREIGN KEY (container_id) REFERENCES container (id) ON DELETE CASCADE
);
