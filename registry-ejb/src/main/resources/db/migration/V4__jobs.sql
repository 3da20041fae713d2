-- Storage verification: a blob whose bytes no longer hash to its digest is marked damaged, and the
-- images that use it refuse pulls until an administrator restores the bytes.
ALTER TABLE stored_blob ADD COLUMN damaged_at DATETIME(6);
ALTER TABLE stored_blob ADD COLUMN damage VARCHAR(512);
