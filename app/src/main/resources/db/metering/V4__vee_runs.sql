-- The days VEE has run for over all active meters (nightly or on demand). Readings that arrive late
-- for such a day are validated again for their meters; for other days the nightly run is still to come.
CREATE TABLE vee_run (
    day         date        PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz
);
