-- Contacts' e-mail addresses are personal data: sealed at rest (AES-256-GCM through identity's personal data vault),
-- as phones are since version 3. Nothing looks a customer up by e-mail, so no lookup hash. Rows written before this
-- version still hold the address in clear; the application seals them at start-up (SealedContacts) and empties the
-- clear column, which a later version drops.
ALTER TABLE contact ADD COLUMN email_enc bytea;
