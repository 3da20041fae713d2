-- Download accounting and weekly pull limits (docs/downloads.md). Image and container already
-- count every pull; collections now count them too. Each container and collection also keeps the
-- pulls of the current week (week_pulls, valid for the week starting on pulls_week, a Monday in
-- UTC) and an optional weekly limit (pull_limit; NULL = no limit).

ALTER TABLE collection ADD COLUMN download_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE collection ADD COLUMN week_pulls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE collection ADD COLUMN pulls_week DATE;
ALTER TABLE collection ADD COLUMN pull_limit BIGINT;

ALTER TABLE container ADD COLUMN week_pulls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE container ADD COLUMN pulls_week DATE;
ALTER TABLE container ADD COLUMN pull_limit BIGINT;

UPDATE collection SET download_count = (
    SELECT COALESCE(SUM(ctr.download_count), 0) FROM container ctr WHERE ctr.collection_id = collection.id);
