-- Signature policy per collection and key expiry (docs/signatures.md, issue #8).
-- ANY accepts every image; LISTED_KEYS only images validly signed by one of the collection's listed
-- fingerprints (collection_signer_key); MEMBERS only images validly signed by a key that one of the
-- collection's members added to the keystore.
ALTER TABLE collection ADD COLUMN signature_policy VARCHAR(16) DEFAULT 'ANY' NOT NULL;
CREATE TABLE collection_signer_key (
    collection_id VARCHAR(24) NOT NULL,
    fingerprint   VARCHAR(40) NOT NULL,
    PRIMARY KEY (collection_id, fingerprint),
    CONSTRAINT fk_collection_signer_key_collection FOREIGN KEY (collection_id) REFERENCES collection (id) ON DELETE CASCADE
);
-- The earliest expiry of the keys that made a VALID image's signatures (NULL: none expires): from
-- then on the image no longer counts as validly signed, without being verified again.
ALTER TABLE image ADD COLUMN signature_expires_at DATETIME(6);
