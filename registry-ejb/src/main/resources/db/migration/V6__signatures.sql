-- Signature verification of each image's SIF against the registry's keystore (issue #8).
-- NULL verdict: not verified (uploaded before this migration; shown as unsigned).
ALTER TABLE image ADD COLUMN signature_verdict VARCHAR(16);
ALTER TABLE image ADD COLUMN signature_reason VARCHAR(1024);
-- The fingerprints of the signers of a VALID image, space-separated (a few per image at most).
ALTER TABLE image ADD COLUMN signature_signers VARCHAR(1024);
ALTER TABLE image ADD COLUMN signature_checked_at DATETIME(6);
CREATE INDEX ix_image_signature_verdict ON image (signature_verdict);
CREATE INDEX ix_sif_object_fingerprint ON sif_object (fingerprint);
