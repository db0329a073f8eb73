-- Sending a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表, issue 9): one campaign per
-- request, one row per meter with the metering command that carries its writes (a retry of a failed meter points the
-- row at the new command). Progress is read from metering's commands.
CREATE TABLE meter_program_campaign (
    id              uuid         PRIMARY KEY,
    tariff_id       varchar(100) NOT NULL,
    version         int          NOT NULL,
    schedule_id     varchar(100) NOT NULL,
    branch_id       bigint       NOT NULL,
    year            int          NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    active_from     timestamp    NOT NULL,
    program_hash    char(64)     NOT NULL,
    writes          int          NOT NULL CHECK (writes > 0),
    requested_by    varchar(100) NOT NULL,
    requested_by_id bigint       NOT NULL,
    requested_at    timestamptz  NOT NULL
);
CREATE INDEX meter_program_campaign_by_branch ON meter_program_campaign (branch_id, requested_at DESC);

CREATE TABLE meter_program_job (
    campaign_id uuid   NOT NULL REFERENCES meter_program_campaign (id),
    meter_id    bigint NOT NULL,
    account_id  bigint NOT NULL,
    asset       varchar(50) NOT NULL,
    command_id  uuid   NOT NULL,
    retries     int    NOT NULL DEFAULT 0 CHECK (retries >= 0),
    PRIMARY KEY (campaign_id, meter_id)
);
