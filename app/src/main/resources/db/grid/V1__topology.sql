-- Supply topology (营配调贯通): branch -> substation -> 10 kV line -> transformer area (台区) -> meter box -> meter,
-- and metering points linking a meter to a supply account of the customer module (id only, no foreign key).
--
-- cube and earthdistance go into schema public: an extension exists once per database, so the first module to
-- create it would own it, and outage/inspection will want the same distance functions. Index expressions call
-- them schema-qualified so they work whatever the search_path (Flyway sets it to this schema only).
CREATE EXTENSION IF NOT EXISTS cube SCHEMA public;
CREATE EXTENSION IF NOT EXISTS earthdistance SCHEMA public;

CREATE TABLE branch (
    id      bigint PRIMARY KEY,             -- the BranchId that staff are scoped to
    code    text        NOT NULL UNIQUE,
    name    text        NOT NULL,
    region  text        NOT NULL,
    lat     numeric(9, 6) NOT NULL,
    lon     numeric(9, 6) NOT NULL,
    status  text        NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE'))
);

CREATE TABLE substation (
    id          bigserial PRIMARY KEY,
    branch_id   bigint      NOT NULL,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    voltage_kv  int         NOT NULL CHECK (voltage_kv IN (110, 35)),
    lat         numeric(9, 6) NOT NULL,
    lon         numeric(9, 6) NOT NULL,
    status      text        NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE'))
);
CREATE INDEX substation_branch ON substation (branch_id);
CREATE INDEX substation_location ON substation USING gist (public.ll_to_earth(lat::float8, lon::float8));

CREATE TABLE line (
    id             bigserial PRIMARY KEY,
    branch_id      bigint NOT NULL,
    substation_id  bigint NOT NULL,
    code           text   NOT NULL UNIQUE,
    name           text   NOT NULL,
    voltage_kv     int    NOT NULL DEFAULT 10,
    status         text   NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE'))
);
CREATE INDEX line_substation ON line (substation_id);
CREATE INDEX line_branch ON line (branch_id);

CREATE TABLE transformer_area (
    id             bigserial PRIMARY KEY,
    branch_id      bigint NOT NULL,
    substation_id  bigint NOT NULL,
    line_id        bigint NOT NULL,
    code           text   NOT NULL UNIQUE,
    name           text   NOT NULL,
    capacity_kva   int    NOT NULL CHECK (capacity_kva > 0),
    ownership      text   NOT NULL CHECK (ownership IN ('PUBLIC', 'DEDICATED')),
    lat            numeric(9, 6) NOT NULL,
    lon            numeric(9, 6) NOT NULL,
    status         text   NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE'))
);
CREATE INDEX area_line ON transformer_area (line_id);
CREATE INDEX area_branch ON transformer_area (branch_id);
CREATE INDEX area_location ON transformer_area USING gist (public.ll_to_earth(lat::float8, lon::float8));

CREATE TABLE meter_box (
    id             bigserial PRIMARY KEY,
    branch_id      bigint NOT NULL,
    substation_id  bigint NOT NULL,
    line_id        bigint NOT NULL,
    area_id        bigint NOT NULL,
    code           text   NOT NULL UNIQUE,
    lat            numeric(9, 6) NOT NULL,
    lon            numeric(9, 6) NOT NULL,
    status         text   NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE'))
);
CREATE INDEX box_area ON meter_box (area_id);
CREATE INDEX box_location ON meter_box USING gist (public.ll_to_earth(lat::float8, lon::float8));

-- The path (substation, line, area, box) is denormalised onto the meter so that "who is downstream of X" is one
-- index range scan per level, without walking the tree (measured in docs/benchmarks.md).
CREATE TABLE meter (
    id             bigserial PRIMARY KEY,
    branch_id      bigint   NOT NULL,
    substation_id  bigint   NOT NULL,
    line_id        bigint   NOT NULL,
    area_id        bigint   NOT NULL,
    box_id         bigint   NOT NULL,
    asset_number   text     NOT NULL UNIQUE,                                  -- 资产编号
    comm_address   char(12) NOT NULL UNIQUE CHECK (comm_address ~ '^[0-9]{12}$'), -- DL/T 645 address
    fee_control    text     NOT NULL CHECK (fee_control IN ('REMOTE', 'LOCAL', 'NONE')),
    ct_ratio       int      NOT NULL DEFAULT 1 CHECK (ct_ratio > 0),
    pt_ratio       int      NOT NULL DEFAULT 1 CHECK (pt_ratio > 0),
    phase          text     NOT NULL CHECK (phase IN ('SINGLE', 'THREE')),
    manufacturer   text     NOT NULL,
    model          text     NOT NULL,
    installed_on   date     NOT NULL,
    status         text     NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'REMOVED', 'FAULTY'))
);
CREATE INDEX meter_substation ON meter (substation_id);
CREATE INDEX meter_line ON meter (line_id);
CREATE INDEX meter_area ON meter (area_id);
CREATE INDEX meter_box_ix ON meter (box_id);
CREATE INDEX meter_branch ON meter (branch_id);

CREATE TABLE metering_point (
    id                 bigserial PRIMARY KEY,
    meter_id           bigint NOT NULL,
    supply_account_id  bigint NOT NULL,          -- customer.supply_account.id
    status             text   NOT NULL DEFAULT 'IN_SERVICE' CHECK (status IN ('IN_SERVICE', 'OUT_OF_SERVICE')),
    -- a meter meters one account at a time; covering, so the downstream query reads the account from the index
    CONSTRAINT metering_point_meter UNIQUE (meter_id) INCLUDE (supply_account_id)
);
CREATE INDEX metering_point_account ON metering_point (supply_account_id);

-- branch ids are BranchIds handed to identity's staff scoping; the importer takes them from here
CREATE SEQUENCE branch_id_seq;
