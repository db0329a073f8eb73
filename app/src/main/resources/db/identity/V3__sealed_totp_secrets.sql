-- Staff TOTP secrets encrypted at rest (issue 7): AES-256-GCM through the personal data vault. Rows written before
-- this version still hold the secret in clear; the application seals them at start-up (TotpSecrets) and clears
-- the old column, which a later version drops.
ALTER TABLE staff ADD COLUMN totp_secret_enc bytea;
ALTER TABLE staff ALTER COLUMN totp_secret DROP NOT NULL;
