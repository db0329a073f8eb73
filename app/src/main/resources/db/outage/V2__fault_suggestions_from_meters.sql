-- Faults detected from the meters (issue 11 section 2, ADR 0013): metering's supply signals kept per meter with
-- the place they were lost in, and the suggestions a dispatcher confirms (a fault outage) or dismisses.
CREATE TABLE meter_loss (
    meter_id     bigint      PRIMARY KEY,
    branch_id    bigint,
    area_id      bigint,
    line_id      bigint,
    lost_at      timestamptz NOT NULL,
    restored_at  timestamptz,
    source       text        NOT NULL
);
CREATE INDEX meter_loss_open_by_line ON meter_loss (line_id, area_id) WHERE restored_at IS NULL;

CREATE TABLE outage_suggestion (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id       bigint      NOT NULL,
    node_type       text        NOT NULL CHECK (node_type IN ('LINE', 'AREA')),
    node_id         bigint      NOT NULL,
    node_code       text        NOT NULL,
    node_name       text        NOT NULL,
    line_id         bigint      NOT NULL,
    lat             numeric(9, 6),
    lon             numeric(9, 6),
    status          text        NOT NULL CHECK (status IN ('SUGGESTED', 'CONFIRMED', 'DISMISSED', 'LAPSED', 'MERGED',
                                                          'RESTORATION_SUGGESTED', 'RESTORED')),
    first_lost_at   timestamptz NOT NULL,
    meters_watched  int         NOT NULL,
    meters_lost     int         NOT NULL,
    peak_lost       int         NOT NULL,
    areas_hit       int         NOT NULL,
    accounts        bigint      NOT NULL,
    suggested_at    timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    back_at         timestamptz,               -- the last of the meters answered again (restoration to confirm)
    outage_id       bigint,                    -- the fault outage it became
    merged_into     bigint,                    -- a line suggestion that took this area's in
    decided_by      bigint,
    decided_at      timestamptz,
    reason          text,
    CHECK (status <> 'DISMISSED' OR reason IS NOT NULL),
    CHECK (status NOT IN ('CONFIRMED', 'RESTORATION_SUGGESTED', 'RESTORED') OR outage_id IS NOT NULL)
);
-- one open suggestion per node: more meters reporting update it rather than add another
CREATE UNIQUE INDEX outage_suggestion_open_node ON outage_suggestion (node_type, node_id)
    WHERE status IN ('SUGGESTED', 'CONFIRMED', 'RESTORATION_SUGGESTED');
CREATE INDEX outage_suggestion_board ON outage_suggestion (branch_id, status, suggested_at DESC);
