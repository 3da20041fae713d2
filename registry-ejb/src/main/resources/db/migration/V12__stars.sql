-- Stars: an account marks a collection it wants to find again (the console's "starred collections").
-- A star goes with its collection and with its account.
CREATE TABLE collection_star (
    id            VARCHAR(24) NOT NULL PRIMARY KEY,
    account_id    VARCHAR(24) NOT NULL,
    collection_id VARCHAR(24) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    CONSTRAINT uq_collection_star UNIQUE (account_id, collection_id),
    CONSTRAINT fk_collection_star_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_collection_star_collection FOREIGN KEY (collection_id) REFERENCES collection (id) ON DELETE CASCADE
);
CREATE INDEX ix_collection_star_collection ON collection_star (collection_id);
