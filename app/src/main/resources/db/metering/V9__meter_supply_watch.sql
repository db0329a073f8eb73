-- Supply watch (issue 11, ADR 0013): which meters have lost supply, as the head-end sees it. A concentrator's
-- last moment with a live link tells which transformer areas the head-end watches at all (a concentrator never
-- seen says nothing about its meters).
ALTER TABLE concentrator ADD COLUMN last_up_at timestamptz;

-- One row per meter that lost supply since the watch began: OFF while it is lost, ON once it is back.
CREATE TABLE meter_supply (
    meter_id     bigint      PRIMARY KEY,
    state        varchar(3)  NOT NULL CHECK (state IN ('ON', 'OFF')),
    lost_at      timestamptz NOT NULL,
    restored_at  timestamptz,
    source       varchar(20) NOT NULL CHECK (source IN ('SILENT', 'CONCENTRATOR_SILENT', 'EVENT_RECORD')),
    asked_at     timestamptz,
    CHECK ((state = 'OFF') = (restored_at IS NULL))
);
CREATE INDEX meter_supply_off ON meter_supply (meter_id) WHERE state = 'OFF';

-- Every loss and return, as signalled: append only.
CREATE TABLE supply_signal (
    signal_id   bigserial   PRIMARY KEY,
    meter_id    bigint      NOT NULL,
    kind        varchar(8)  NOT NULL CHECK (kind IN ('LOST', 'RESTORED')),
    lost_at     timestamptz NOT NULL,
    restored_at timestamptz,
    source      varchar(20) NOT NULL CHECK (source IN ('SILENT', 'CONCENTRATOR_SILENT', 'EVENT_RECORD')),
    recorded_at timestamptz NOT NULL
);
CREATE INDEX supply_signal_by_meter ON supply_signal (meter_id, recorded_at);
