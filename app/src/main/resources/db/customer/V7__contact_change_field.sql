-- INFO-2: a portal customer changes the owner's phone or e-mail address through the same verified change. A pending
-- change names its field; an e-mail change keeps only a keyed hash of the new address (strip, lower case), as a phone
-- change keeps only new_phone_hash, enough to recognise the address in the second step.
ALTER TABLE contact_change ADD COLUMN field text NOT NULL DEFAULT 'PHONE' CHECK (field IN ('PHONE', 'EMAIL'));
ALTER TABLE contact_change ADD COLUMN new_email_hash bytea;
