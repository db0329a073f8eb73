-- Programming a meter's time-of-use calendar (issue 9) is a kind of meter command (action PROGRAM): the same
-- intents, lease, retries and acknowledgement as remote control, carrying the ordered DL/T 645 parameter writes
-- (0x14) in meter_command_write. program_hash is the SHA-256 of the writes (identifier and value, in order): one
-- open job per meter and program content. writes_done counts the writes the meter acknowledged in the current
-- attempt, so a retry resumes where the meter stopped answering; already_current says the meter carried the
-- program before anything was written; failure is the reason code of a FAILED or EXPIRED command.
ALTER TABLE meter_command DROP CONSTRAINT meter_command_action_known;
ALTER TABLE meter_command
    ADD CONSTRAINT meter_command_action_known CHECK (action IN
        ('TRIP', 'CLOSE_PERMITTED', 'DIRECT_CLOSE', 'ALARM_ON', 'ALARM_OFF', 'PROTECT_ON', 'PROTECT_OFF', 'PROGRAM')),
    ADD COLUMN program_hash    char(64),
    ADD COLUMN writes_done     int     NOT NULL DEFAULT 0,
    ADD COLUMN already_current boolean NOT NULL DEFAULT false,
    ADD COLUMN failure         varchar(40),
    ADD CONSTRAINT meter_command_program_hashed CHECK ((action = 'PROGRAM') = (program_hash IS NOT NULL)),
    ADD CONSTRAINT meter_command_writes_counted CHECK (writes_done >= 0);

CREATE TABLE meter_command_write (
    command_id uuid         NOT NULL REFERENCES meter_command (command_id),
    ord        int          NOT NULL,
    data_id    char(8)      NOT NULL,
    value      bytea        NOT NULL,
    meaning    varchar(300) NOT NULL,
    PRIMARY KEY (command_id, ord),
    CONSTRAINT meter_command_write_value_fits CHECK (octet_length(value) BETWEEN 1 AND 243)
);

CREATE UNIQUE INDEX meter_command_one_open_program ON meter_command (meter_id, program_hash)
    WHERE state IN ('REQUESTED', 'SENT', 'ACKNOWLEDGED');
