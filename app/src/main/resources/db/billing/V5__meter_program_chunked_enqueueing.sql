-- A campaign of sending a calendar to meters (issue 9) is planned in one statement (a row per meter, PENDING) and then
-- handed to metering in chunks, each its own transaction that turns its rows QUEUED with their command or REFUSED with
-- metering's reason (refusal), so a crash or a failed chunk leaves the rest PENDING to be taken up again: each meter
-- once per campaign by the primary key, and once per attempt by the command's intent. The campaign keeps who asked
-- (roles and branches) because the chunks after a restart act for them; lease_until is held by the node enqueueing.
-- Campaigns from before were enqueued whole.
ALTER TABLE meter_program_campaign
    ADD COLUMN state                 varchar(12)  NOT NULL DEFAULT 'ENQUEUED',
    ADD COLUMN requested_by_roles    text[],
    ADD COLUMN requested_by_branches bigint[],
    ADD COLUMN lease_until           timestamptz,
    ADD COLUMN last_error            varchar(500),
    ADD CONSTRAINT meter_program_campaign_state_known CHECK (state IN ('ENQUEUEING', 'ENQUEUED')),
    ADD CONSTRAINT meter_program_campaign_resumable
        CHECK (state = 'ENQUEUED' OR (requested_by_roles IS NOT NULL AND requested_by_branches IS NOT NULL));

ALTER TABLE meter_program_job
    ALTER COLUMN command_id DROP NOT NULL,
    ADD COLUMN state   varchar(8)  NOT NULL DEFAULT 'QUEUED',
    ADD COLUMN refusal varchar(40),
    ADD CONSTRAINT meter_program_job_state_known CHECK (state IN ('PENDING', 'QUEUED', 'REFUSED')),
    ADD CONSTRAINT meter_program_job_queued_has_command CHECK (state <> 'QUEUED' OR command_id IS NOT NULL),
    ADD CONSTRAINT meter_program_job_refused_says_why CHECK ((state = 'REFUSED') = (refusal IS NOT NULL));

CREATE INDEX meter_program_job_pending ON meter_program_job (campaign_id, meter_id) WHERE state = 'PENDING';
CREATE INDEX meter_program_campaign_enqueueing ON meter_program_campaign (requested_at) WHERE state = 'ENQUEUEING';
