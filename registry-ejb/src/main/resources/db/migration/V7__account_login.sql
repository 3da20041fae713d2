-- Where an account's identity comes from (local password, LDAP directory, OpenID Connect), the
-- external id it is known by there, and what the console needs: terms accepted, last login.
ALTER TABLE account ADD COLUMN auth_source VARCHAR(16) DEFAULT 'LOCAL' NOT NULL;
ALTER TABLE account ADD COLUMN external_id VARCHAR(512);
ALTER TABLE account ADD COLUMN display_name VARCHAR(255);
ALTER TABLE account ADD COLUMN terms_accepted_at DATETIME(6);
ALTER TABLE account ADD COLUMN last_login_at DATETIME(6);
