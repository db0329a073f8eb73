-- The last forward active register read at a quarter-hour boundary per meter: the next quarter's
-- value is the difference. Survives restarts of the head-end.
CREATE TABLE quarter_read (
    meter_id  bigint      PRIMARY KEY,
    slot_end  timestamptz NOT NULL,
    fwd_total bigint      NOT NULL
);
