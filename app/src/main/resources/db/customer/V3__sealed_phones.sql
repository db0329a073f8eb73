-- Phones encrypted at rest (issue 7): AES-256-GCM through identity's personal data vault, found by a keyed hash
-- (HMAC-SHA256) of the normalised number. Rows written before this version still hold phones in clear; the
-- application seals them at start-up (SealedPhones) and empties the clear columns, which a later version drops.
ALTER TABLE contact ADD COLUMN phone_enc bytea, ADD COLUMN phone_hash bytea;
CREATE INDEX contact_phone_hash ON contact (phone_hash);
DROP INDEX contact_phone;

-- a pending phone change needs only to recognise the number in its second step
ALTER TABLE contact_change ADD COLUMN new_phone_hash bytea;
ALTER TABLE contact_change ALTER COLUMN new_phone DROP NOT NULL;

ALTER TABLE portal_prebinding ADD COLUMN phone_hash bytea;
ALTER TABLE portal_prebinding DROP CONSTRAINT portal_prebinding_pkey;
ALTER TABLE portal_prebinding ALTER COLUMN phone_norm DROP NOT NULL;
CREATE UNIQUE INDEX portal_prebinding_by_phone ON portal_prebinding (phone_hash, supply_account_id);
