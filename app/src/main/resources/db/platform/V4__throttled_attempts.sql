-- Attempts that throttle guessing and hammering, for every module in one place (io.gridhall.shared.Throttle): portal
-- account binding, service passwords, staff sign-in, voucher redemption, the public bill and receipt verification.
-- A row is one attempt charged to one subject (a user, an account, a source address, a username's key) under one
-- purpose; the limits that read them are the callers'. Rows expire a day (or one window, if longer) after the attempt
-- and are purged then. They replace customer.bind_failure, identity.service_password_failure,
-- identity.staff_sign_in_failure and payment.voucher_failure, whose rows are not moved: they count for an hour at
-- most, so a deployment starts with clean counters at worst an hour early.
CREATE TABLE throttled_attempt (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose      text        COLLATE "C" NOT NULL CHECK (length(purpose) BETWEEN 1 AND 64),
    subject      text        COLLATE "C" NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    attempted_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX throttled_attempt_by_subject ON throttled_attempt (purpose, subject, attempted_at);
CREATE INDEX throttled_attempt_by_expiry ON throttled_attempt (expires_at);
