-- The ETag a multipart part was answered with: its sha256 when the part was hashed on its own (its
-- client declared the part's hash), else a token of its own. Parts whose hash nobody declared are
-- hashed only as part of the whole file, which completion verifies (BENCHMARKS.md, Run 8).
ALTER TABLE upload_part ADD COLUMN etag VARCHAR(64);
UPDATE upload_part SET etag = sha256 WHERE sha256 IS NOT NULL;
