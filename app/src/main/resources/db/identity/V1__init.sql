-- Identity: portal customers, staff, one-time codes, service passwords and the audit log.

-- Customers and staff share one id space so a UserId names exactly one person.
CREATE SEQUENCE user_id_seq START WITH 1000;

-- The phone is personal data: stored encrypted, found by its keyed hash.
CREATE TABLE customer_user (
    id              bigint      PRIMARY KEY DEFAULT nextval('user_id_seq'),
    phone_hash      bytea       NOT NULL UNIQUE,
    phone_encrypted bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    disabled        boolean     NOT NULL DEFAULT false
);

CREATE TABLE staff (
    id                  bigint      PRIMARY KEY DEFAULT nextval('user_id_seq'),
    username            text        NOT NULL UNIQUE,
    display_name        text        NOT NULL,
    password_hash       text        NOT NULL,
    totp_secret         text        NOT NULL,
    roles               text[]      NOT NULL DEFAULT '{}',
    branches            bigint[]    NOT NULL DEFAULT '{}',
    disabled            boolean     NOT NULL DEFAULT false,
    failed_attempts     int         NOT NULL DEFAULT 0,
    locked_until        timestamptz,
    last_totp_step      bigint      NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL,
    last_sign_in_at     timestamptz
);

-- One-time codes, hashed; the rows also serve as the send counter for rate limits.
CREATE TABLE otp_code (
    id          bigserial   PRIMARY KEY,
    phone_hash  bytea       NOT NULL,
    purpose     text        NOT NULL,
    code_hash   bytea       NOT NULL,
    client_ip   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    attempts    int         NOT NULL DEFAULT 0,
    consumed_at timestamptz
);
CREATE INDEX otp_code_by_phone ON otp_code (phone_hash, created_at);
CREATE INDEX otp_code_by_ip ON otp_code (client_ip, created_at);

CREATE TABLE service_password (
    supply_account_id bigint      PRIMARY KEY,
    password_hash     text        NOT NULL,
    set_at            timestamptz NOT NULL,
    set_by            bigint
);

CREATE TABLE service_password_failure (
    supply_account_id bigint      NOT NULL,
    failed_at         timestamptz NOT NULL
);
CREATE INDEX service_password_failure_by_account ON service_password_failure (supply_account_id, failed_at);

-- The audit log: append-only, each row chained to the previous one by
-- hash = sha256(prev_hash || canonical row content). The head row serialises appends.
CREATE TABLE audit_log (
    seq         bigint      PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    bigint,
    actor_kind  text        NOT NULL,
    actor_name  text,
    action      text        NOT NULL,
    object_type text,
    object_id   text,
    details     text        NOT NULL,
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_by_action ON audit_log (action, at);

CREATE TABLE audit_head (
    id        int    PRIMARY KEY CHECK (id = 1),
    last_seq  bigint NOT NULL,
    last_hash bytea  NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
