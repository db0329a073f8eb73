-- Metering: meters read, daily registers, 15-minute intervals, exceptions (VEE), edits, batches,
-- meter commands and raw frames.

-- The meters this module reads: a projection of the grid's meter records (id, 12-digit communication
-- address, place in the topology, class for comparisons). No foreign keys across schemas.
CREATE TABLE meter (
    meter_id       bigint      PRIMARY KEY,
    address        varchar(12) NOT NULL UNIQUE,
    branch_id      bigint,
    area_id        bigint,
    customer_class varchar(20),
    fee_control    varchar(10) NOT NULL DEFAULT 'NONE',
    active         boolean     NOT NULL DEFAULT true
);
CREATE INDEX meter_by_branch ON meter (branch_id);
CREATE INDEX meter_by_area ON meter (area_id);

-- Decision (ADR-style): registers are bigint in 0.01 kWh, the resolution a DL/T 645 register has
-- (XXXXXX.XX); 8 bytes, exact, and cheaper than numeric. Intervals are int4 in 0.0001 kWh (Kwh's
-- scale): an estimate that splits a register delta over 96 slots stays exact, and 2^31 units
-- (214 MWh per 15 minutes) covers every meter we read.
-- A register row holds the values frozen at the end of `day` (the meter's 00:00 freeze of day + 1).
CREATE TABLE daily_register (
    meter_id   bigint      NOT NULL,
    day        date        NOT NULL,
    fwd_total  bigint,
    fwd_t1     bigint,
    fwd_t2     bigint,
    fwd_t3     bigint,
    fwd_t4     bigint,
    rev_total  bigint,
    reactive1  bigint,
    reactive2  bigint,
    quality    "char"      NOT NULL DEFAULT 'A',
    meter_time timestamptz,
    read_at    timestamptz,
    source     smallint    NOT NULL DEFAULT 0,
    PRIMARY KEY (meter_id, day)
) PARTITION BY RANGE (day);
CREATE INDEX daily_register_day ON daily_register USING brin (day);

-- One row per meter, channel and day: 96 slots of 15 minutes, slot 1 = 00:00-00:15. Quality is a
-- 96-character text, one letter per slot: A actual, E estimated, D edited, M missing (value 0).
-- ~5.6 bytes per reading against ~50 for a row per reading (see docs/benchmarks.md).
CREATE TABLE interval_day (
    meter_id bigint   NOT NULL,
    channel  smallint NOT NULL,
    day      date     NOT NULL,
    slots    int[]    NOT NULL,
    quality  text     NOT NULL,
    PRIMARY KEY (meter_id, channel, day),
    CHECK (cardinality(slots) = 96 AND length(quality) = 96)
) PARTITION BY RANGE (day);
CREATE INDEX interval_day_day ON interval_day USING brin (day);

-- Monthly partitions of both tables, created ahead by a maintenance job and on demand before a load.
-- An advisory lock serialises concurrent creators; existing partitions are left alone.
CREATE FUNCTION ensure_month_partitions(first_day date, last_day date) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', first_day)::date;
    created int := 0;
    t text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('metering.partitions'));
    WHILE m <= last_day LOOP
        FOREACH t IN ARRAY ARRAY['daily_register', 'interval_day'] LOOP
            IF to_regclass(format('metering.%I', t || to_char(m, '_YYYY_MM'))) IS NULL THEN
                EXECUTE format('CREATE TABLE metering.%I PARTITION OF metering.%I FOR VALUES FROM (%L) TO (%L)',
                               t || to_char(m, '_YYYY_MM'), t, m, (m + interval '1 month')::date);
                created := created + 1;
            END IF;
        END LOOP;
        m := (m + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

-- Merging a delivery into stored slots. Per slot the incoming value wins when the stored slot is
-- missing or estimated and the incoming one is actual or estimated; an incoming M means "not in this
-- delivery". Actual and edited values are never overwritten here (edits have their own path).
CREATE FUNCTION slot_wins(old_q text, new_q text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT new_q IN ('A', 'E') AND (old_q = 'M' OR (old_q = 'E'))
$$;

CREATE FUNCTION merge_slots(old_v int[], old_q text, new_v int[], new_q text) RETURNS int[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(CASE WHEN metering.slot_wins(substr(old_q, i, 1), substr(new_q, i, 1)) THEN new_v[i] ELSE old_v[i] END
                     ORDER BY i)
    FROM generate_series(1, 96) AS i
$$;

CREATE FUNCTION merge_quality(old_q text, new_q text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(CASE WHEN metering.slot_wins(substr(old_q, i, 1), substr(new_q, i, 1)) THEN substr(new_q, i, 1)
                           ELSE substr(old_q, i, 1) END, '' ORDER BY i)
    FROM generate_series(1, 96) AS i
$$;

-- A delivery of readings: the idempotency key makes a repeat a no-op that returns the first result.
CREATE TABLE reading_batch (
    batch_id        uuid         PRIMARY KEY,
    idempotency_key varchar(100) NOT NULL UNIQUE,
    request_hash    varchar(64)  NOT NULL,
    source          varchar(20)  NOT NULL,
    received_at     timestamptz  NOT NULL,
    interval_rows   int          NOT NULL,
    register_rows   int          NOT NULL,
    meters          int          NOT NULL,
    first_day       date,
    last_day        date,
    conflicts       int          NOT NULL,
    rejected_rows   int          NOT NULL DEFAULT 0
);

-- Validation findings for review; one per meter, day, type, channel and slot, so rerunning the
-- rules adds nothing.
CREATE TABLE reading_exception (
    id          bigserial    PRIMARY KEY,
    meter_id    bigint       NOT NULL,
    day         date         NOT NULL,
    type        varchar(30)  NOT NULL,
    channel     smallint     NOT NULL DEFAULT 0,
    slot        smallint     NOT NULL DEFAULT 0,
    detail      jsonb        NOT NULL DEFAULT '{}',
    status      varchar(10)  NOT NULL DEFAULT 'OPEN',
    found_at    timestamptz  NOT NULL,
    resolved_at timestamptz,
    resolved_by bigint,
    resolution  varchar(500),
    UNIQUE (meter_id, day, type, channel, slot)
);
CREATE INDEX reading_exception_open ON reading_exception (day, type) WHERE status = 'OPEN';

-- Staff edits of interval slots: old and new value, reason, who; the audit log has the same facts.
CREATE TABLE reading_edit (
    id        bigserial    PRIMARY KEY,
    meter_id  bigint       NOT NULL,
    channel   smallint     NOT NULL,
    day       date         NOT NULL,
    slot      smallint     NOT NULL,
    old_value int          NOT NULL,
    old_q     "char"       NOT NULL,
    new_value int          NOT NULL,
    reason    varchar(500) NOT NULL,
    edited_by bigint       NOT NULL,
    edited_at timestamptz  NOT NULL
);
CREATE INDEX reading_edit_by_meter ON reading_edit (meter_id, day);

-- Remote control commands (trip/close/protect) with an intent id from the caller.
CREATE TABLE meter_command (
    command_id     uuid         PRIMARY KEY,
    intent_id      varchar(100) NOT NULL UNIQUE,
    meter_id       bigint       NOT NULL,
    action         varchar(20)  NOT NULL,
    state          varchar(15)  NOT NULL,
    valid_until    timestamptz  NOT NULL,
    requested_at   timestamptz  NOT NULL,
    operator_id    bigint       NOT NULL,
    operator_name  varchar(100) NOT NULL,
    reason         varchar(500),
    attempts       int          NOT NULL DEFAULT 0,
    max_attempts   int          NOT NULL,
    next_attempt   timestamptz,
    last_error     varchar(500),
    updated_at     timestamptz  NOT NULL,
    superseded_by  uuid
);
CREATE INDEX meter_command_by_meter ON meter_command (meter_id, requested_at DESC);
CREATE INDEX meter_command_pending ON meter_command (next_attempt)
    WHERE state IN ('REQUESTED', 'SENT', 'ACKNOWLEDGED');

CREATE TABLE meter_command_step (
    command_id uuid        NOT NULL,
    seq        int         NOT NULL,
    from_state varchar(15),
    to_state   varchar(15) NOT NULL,
    at         timestamptz NOT NULL,
    note       varchar(500),
    PRIMARY KEY (command_id, seq)
);

-- Frames exchanged with a meter, kept a few days for troubleshooting.
CREATE TABLE raw_frame (
    id         bigserial   PRIMARY KEY,
    meter_id   bigint,
    address    varchar(12) NOT NULL,
    outbound   boolean     NOT NULL,
    at         timestamptz NOT NULL,
    bytes      bytea       NOT NULL,
    connection varchar(60)
);
CREATE INDEX raw_frame_by_meter ON raw_frame (meter_id, at DESC);
CREATE INDEX raw_frame_at ON raw_frame USING brin (at);
