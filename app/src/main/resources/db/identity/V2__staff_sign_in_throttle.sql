-- Staff sign-in failures, for throttling with growing delays instead of a lockout anyone could trigger for a
-- victim (issue 7). Keyed by an HMAC of the typed username (known or not: both are treated alike) and the source
-- address; rows older than a day are dropped as new ones arrive.
CREATE TABLE staff_sign_in_failure (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username_key bytea       NOT NULL,
    client_ip    text        NOT NULL,
    failed_at    timestamptz NOT NULL
);
CREATE INDEX staff_sign_in_failure_by_username ON staff_sign_in_failure (username_key, failed_at);
CREATE INDEX staff_sign_in_failure_by_ip ON staff_sign_in_failure (client_ip, failed_at);
CREATE INDEX staff_sign_in_failure_by_time ON staff_sign_in_failure (failed_at);

-- the lockout is gone: lift any that is in force
UPDATE staff SET failed_attempts = 0, locked_until = NULL;
