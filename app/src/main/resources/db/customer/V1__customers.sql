-- Customers, supply accounts (户号), contacts, group links (PAY-8) and portal bindings (INFO-2).
-- pg_trgm lives in public like the other extensions (one per database); indexes name its operator class qualified.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE TABLE customer (
    id              bigserial PRIMARY KEY,
    branch_id       bigint NOT NULL,            -- the branch that registered the customer
    customer_class  text   NOT NULL CHECK (customer_class IN ('RESIDENTIAL', 'COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL')),
    kind            text   NOT NULL CHECK (kind IN ('PERSON', 'ORGANISATION')),
    name            text   NOT NULL,
    id_number_enc   bytea,                      -- AES-GCM, see PersonalDataVault
    id_number_hash  bytea,                      -- HMAC for exact lookups
    contracted_kva  int CHECK (contracted_kva > 0),
    status          text   NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CLOSED')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (customer_class <> 'LARGE_INDUSTRIAL' OR contracted_kva IS NOT NULL)
);
CREATE INDEX customer_name_prefix ON customer (name text_pattern_ops);
CREATE INDEX customer_name_trgm ON customer USING gin (name public.gin_trgm_ops);
CREATE INDEX customer_id_number ON customer (id_number_hash);

CREATE TABLE supply_account (
    id              bigserial PRIMARY KEY,
    account_number  text COLLATE "C" NOT NULL UNIQUE CHECK (account_number ~ '^[0-9]{10}$'), -- prefix search uses it
    customer_id     bigint NOT NULL REFERENCES customer (id),
    account_name    text   NOT NULL,
    address         text   NOT NULL,
    branch_id       bigint NOT NULL,
    tariff_category text   NOT NULL,
    status          text   NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'PAUSED', 'CLOSED')),
    opened_on       date   NOT NULL
);
CREATE INDEX account_customer ON supply_account (customer_id);
CREATE INDEX account_branch ON supply_account (branch_id);
CREATE INDEX account_address_trgm ON supply_account USING gin (address public.gin_trgm_ops);

CREATE TABLE contact (
    id           bigserial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customer (id),
    role         text   NOT NULL CHECK (role IN ('OWNER', 'FINANCIAL', 'ELECTRICIAN')),
    name         text   NOT NULL,
    phone        text,
    phone_norm   text,                          -- digits only, without +86: what search compares
    email        text
);
CREATE INDEX contact_customer ON contact (customer_id);
CREATE INDEX contact_phone ON contact (phone_norm);

-- a group customer (集团) and its subsidiaries; one level deep is what the business uses
CREATE TABLE group_link (
    parent_customer_id  bigint NOT NULL REFERENCES customer (id),
    child_customer_id   bigint NOT NULL REFERENCES customer (id),
    PRIMARY KEY (parent_customer_id, child_customer_id),
    CHECK (parent_customer_id <> child_customer_id)
);
CREATE INDEX group_link_child ON group_link (child_customer_id);

-- portal user (identity) -> supply account; families may bind the same account
CREATE TABLE portal_binding (
    user_id            bigint NOT NULL,
    supply_account_id  bigint NOT NULL REFERENCES supply_account (id),
    bound_at           timestamptz NOT NULL,
    PRIMARY KEY (user_id, supply_account_id)
);
CREATE INDEX portal_binding_account ON portal_binding (supply_account_id);

-- bindings waiting for the portal user who signs in with this phone (demo, counter-side registration)
CREATE TABLE portal_prebinding (
    phone_norm         text   NOT NULL,
    supply_account_id  bigint NOT NULL REFERENCES supply_account (id),
    PRIMARY KEY (phone_norm, supply_account_id)
);

-- a self-service phone change waiting for the OTP sent to the new phone
CREATE TABLE contact_change (
    id                 bigserial PRIMARY KEY,
    user_id            bigint NOT NULL,
    supply_account_id  bigint NOT NULL,
    new_phone          text   NOT NULL,
    code_hash          bytea  NOT NULL,
    expires_at         timestamptz NOT NULL,
    attempts           int    NOT NULL DEFAULT 0,
    completed_at       timestamptz
);
CREATE INDEX contact_change_user ON contact_change (user_id, supply_account_id);

CREATE SEQUENCE account_number_seq START 1;
