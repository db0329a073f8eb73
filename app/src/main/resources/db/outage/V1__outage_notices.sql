-- Outage notices (停电通知, issue 11, OUT-1/OUT-7, ADR 0013). An outage's current state is one row; every change
-- (drafted, edited, approved, published, opened, rescheduled, widened, delayed, cancelled, restored) is a new
-- version row holding the whole state after it and the reason given, never updated. The affected supply accounts
-- are computed from the grid topology at publication (and when the area is widened) and kept: a later change of
-- the topology does not change whom a notice was sent to. Ids of other schemas (branch, grid nodes, accounts,
-- users) are plain numbers, no foreign keys.
CREATE TABLE outage (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id                bigint      NOT NULL,
    kind                     text        NOT NULL CHECK (kind IN ('PLANNED', 'TEMPORARY', 'FAULT')),
    status                   text        NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'PUBLISHED', 'RESTORED', 'CANCELLED')),
    version                  int         NOT NULL CHECK (version > 0),
    cause                    text        NOT NULL,
    starts_at                timestamptz NOT NULL,
    expected_restoration_at  timestamptz NOT NULL CHECK (expected_restoration_at > starts_at),
    restored_at              timestamptz,
    nodes                    jsonb       NOT NULL,   -- [{type, id, code, name}] as named, in order
    affected_accounts        bigint      NOT NULL DEFAULT 0,
    estimated_accounts       bigint      NOT NULL DEFAULT 0,   -- sum of the accounts below each node when last set
    drafted_by               bigint      NOT NULL,
    drafted_at               timestamptz NOT NULL,
    edited_by                bigint      NOT NULL,   -- the last to change the content: may not approve it
    approved_by              bigint,
    published_at             timestamptz,
    changed_at               timestamptz NOT NULL
);
CREATE INDEX outage_board ON outage (branch_id, status, starts_at DESC);

CREATE TABLE outage_version (
    outage_id                bigint      NOT NULL REFERENCES outage (id),
    version                  int         NOT NULL,
    change                   text        NOT NULL CHECK (change IN ('DRAFTED', 'EDITED', 'APPROVED', 'PUBLISHED', 'OPENED',
                                                   'RESCHEDULED', 'WIDENED', 'DELAYED', 'CANCELLED', 'RESTORED')),
    reason                   text,
    status                   text        NOT NULL,
    cause                    text        NOT NULL,
    starts_at                timestamptz NOT NULL,
    expected_restoration_at  timestamptz NOT NULL,
    restored_at              timestamptz,
    nodes                    jsonb       NOT NULL,
    affected_accounts        bigint      NOT NULL,
    notified_users           bigint      NOT NULL DEFAULT 0,
    changed_by               bigint      NOT NULL,
    changed_at               timestamptz NOT NULL,
    PRIMARY KEY (outage_id, version)
);

CREATE FUNCTION outage_version_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'outage versions are never changed or deleted';
END $$;
CREATE TRIGGER outage_version_append_only BEFORE UPDATE OR DELETE ON outage_version
    FOR EACH ROW EXECUTE FUNCTION outage_version_is_append_only();

-- Who is affected, kept from the version that first included the account (publication, or a widening).
CREATE TABLE affected_account (
    outage_id          bigint NOT NULL,
    supply_account_id  bigint NOT NULL,
    since_version      int    NOT NULL,
    PRIMARY KEY (outage_id, supply_account_id)
);
CREATE INDEX affected_account_by_account ON affected_account (supply_account_id);

-- Where it is, for the maps: the transformer areas (or meter boxes) below the named nodes, with their position
-- (WGS-84) and how many accounts each holds, kept like the accounts.
CREATE TABLE affected_place (
    outage_id      bigint        NOT NULL,
    node_type      text          NOT NULL CHECK (node_type IN ('AREA', 'BOX')),
    node_id        bigint        NOT NULL,
    code           text          NOT NULL,
    name           text          NOT NULL,
    lat            numeric(9, 6),
    lon            numeric(9, 6),
    accounts       bigint        NOT NULL,
    since_version  int           NOT NULL,
    PRIMARY KEY (outage_id, node_type, node_id)
);
