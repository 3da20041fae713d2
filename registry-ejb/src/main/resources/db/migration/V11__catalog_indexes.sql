-- The console's catalog (browse, home, search): newest images first, most downloaded containers
-- first, collections by tag name, without scanning whole tables.
CREATE INDEX ix_image_uploaded_at ON image (uploaded_at);
CREATE INDEX ix_container_downloads ON container (download_count);
CREATE INDEX ix_tag_name ON tag (name);
