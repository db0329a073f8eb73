-- Failed attempts to bind a supply account in the portal. They throttle guessing (of the ID-number digits
-- above all): per portal user, and per account for attempts whose account number and name were right.
CREATE TABLE bind_failure (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL,
    account_id bigint,
    failed_at  timestamptz NOT NULL
);
CREATE INDEX bind_failure_by_user ON bind_failure (user_id, failed_at);
CREATE INDEX bind_failure_by_account ON bind_failure (account_id, failed_at) WHERE account_id IS NOT NULL;
