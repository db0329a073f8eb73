-- Refused voucher redemptions (an unknown, used or expired code), counted per portal user or member of staff and per
-- source address so that codes cannot be guessed at speed (ADR 0014): beyond the configured failures within the
-- window further attempts are answered 429 before any code is looked at. Rows are written in a transaction of their
-- own (the refused request rolls back) and purged after a day. No code, nor its hash, is kept.
CREATE TABLE voucher_failure (
    failure_id bigserial PRIMARY KEY,
    user_id    bigint NOT NULL,
    client_ip  text NOT NULL CHECK (length(client_ip) BETWEEN 1 AND 64),
    failed_at  timestamptz NOT NULL
);
CREATE INDEX voucher_failure_user ON voucher_failure (user_id, failed_at);
CREATE INDEX voucher_failure_ip ON voucher_failure (client_ip, failed_at);
