-- Meter commands survive crashes (issue 7): the state is one of the lifecycle's states (checked here, not a free
-- string), a command being sent or verified is held under a lease that any later pass takes back once it runs
-- out, verification reads are counted in a column, and intents for one meter are ordered by seq.
ALTER TABLE meter_command
    ADD COLUMN lease_until   timestamptz,
    ADD COLUMN verify_checks int    NOT NULL DEFAULT 0,
    ADD COLUMN seq           bigint GENERATED ALWAYS AS IDENTITY;

UPDATE meter_command c
   SET verify_checks = (SELECT count(*) FROM meter_command_step s
                         WHERE s.command_id = c.command_id AND s.note LIKE 'verify%');
-- a command left SENT by an earlier version was claimed with nothing to recover it: its lease has run out
UPDATE meter_command SET lease_until = updated_at WHERE state = 'SENT';

ALTER TABLE meter_command
    ADD CONSTRAINT meter_command_state_known CHECK (state IN
        ('REQUESTED', 'SENT', 'ACKNOWLEDGED', 'VERIFIED', 'FAILED', 'EXPIRED', 'SUPERSEDED')),
    ADD CONSTRAINT meter_command_action_known CHECK (action IN
        ('TRIP', 'CLOSE_PERMITTED', 'DIRECT_CLOSE', 'ALARM_ON', 'ALARM_OFF', 'PROTECT_ON', 'PROTECT_OFF')),
    ADD CONSTRAINT meter_command_attempts_bounded CHECK (attempts >= 0 AND verify_checks >= 0),
    ADD CONSTRAINT meter_command_sent_is_leased CHECK (state <> 'SENT' OR lease_until IS NOT NULL);

ALTER TABLE meter_command_step
    ADD CONSTRAINT meter_command_step_states_known CHECK (
        (from_state IS NULL OR from_state IN
            ('REQUESTED', 'SENT', 'ACKNOWLEDGED', 'VERIFIED', 'FAILED', 'EXPIRED', 'SUPERSEDED'))
        AND to_state IN ('REQUESTED', 'SENT', 'ACKNOWLEDGED', 'VERIFIED', 'FAILED', 'EXPIRED', 'SUPERSEDED'));

CREATE UNIQUE INDEX meter_command_seq ON meter_command (seq);
CREATE INDEX meter_command_open_by_meter ON meter_command (meter_id, seq)
    WHERE state IN ('REQUESTED', 'SENT', 'ACKNOWLEDGED');
