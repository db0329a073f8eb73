-- Issue #8: consent to the user agreement and the privacy policy (PIPL art. 13-14), by version.
-- One row per document a customer accepted; append-only, so the record of who agreed to what, when and
-- where cannot be rewritten. A new version of a document is accepted by a new row.
CREATE TABLE consent (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES customer_user (id),
    document    text        NOT NULL CHECK (document IN ('user-agreement', 'privacy-policy')),
    version     text        NOT NULL CHECK (version ~ '^\d{4}-\d{2}-\d{2}$'),
    accepted_at timestamptz NOT NULL,
    channel     text        NOT NULL,
    client_ip   text        NOT NULL
);
CREATE INDEX consent_by_user ON consent (user_id, document, accepted_at);

CREATE FUNCTION consent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent is append-only';
END $$;
CREATE TRIGGER consent_append_only BEFORE UPDATE OR DELETE ON consent
    FOR EACH ROW EXECUTE FUNCTION consent_append_only();
CREATE TRIGGER consent_no_truncate BEFORE TRUNCATE ON consent
    FOR EACH STATEMENT EXECUTE FUNCTION consent_append_only();

-- The sign-up code request carries the consent ("user-agreement=2026-12-01,privacy-policy=2026-12-01");
-- it is recorded when the first sign-in with that code creates the account.
ALTER TABLE otp_code ADD COLUMN consent text;
