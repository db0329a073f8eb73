-- The outlet finder (PAY-6): business halls, bank branches, agents and self-service terminals, nearest first.
-- cube and earthdistance live in schema public (see grid's V1); created here too so this module does not depend on
-- the order in which modules migrate. The GiST index over ll_to_earth serves the nearest-first search.
CREATE EXTENSION IF NOT EXISTS cube SCHEMA public;
CREATE EXTENSION IF NOT EXISTS earthdistance SCHEMA public;

CREATE TABLE outlet (
    outlet_id bigserial PRIMARY KEY,
    branch_id bigint NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('BUSINESS_HALL', 'BANK_BRANCH', 'AGENT', 'SELF_SERVICE')),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    address   text NOT NULL CHECK (length(address) BETWEEN 1 AND 120),
    phone     text CHECK (phone ~ '^[0-9][0-9-]{4,19}$'),
    lat       numeric(9, 6) NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon       numeric(9, 6) NOT NULL CHECK (lon BETWEEN -180 AND 180),
    -- Monday to Sunday: '' closed, else intervals such as '08:30-12:00,13:30-17:30' (checked by OpeningHours)
    hours     text[] NOT NULL CHECK (cardinality(hours) = 7),
    active    boolean NOT NULL DEFAULT true,
    version   int NOT NULL DEFAULT 0 CHECK (version >= 0)
);
CREATE INDEX outlet_branch ON outlet (branch_id);
CREATE INDEX outlet_location ON outlet USING gist (public.ll_to_earth(lat::float8, lon::float8)) WHERE active;
