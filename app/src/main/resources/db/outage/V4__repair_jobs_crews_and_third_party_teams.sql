-- Repair (抢修, issue 11, OUT-3..OUT-6, ADR 0017): fault reports from customers and staff, merged into repair jobs
-- (one per transformer area within a window) or matched to a known outage (no job, no crew); crews with skills,
-- shifts and last known positions; each job's steps, append-only, along the transition table below (the same as
-- RepairStatus in Java); third-party (社会化) repair teams and the customers' ratings. Ids of other schemas
-- (branch, grid nodes, accounts, users) are plain numbers, no foreign keys.

CREATE TABLE crew (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id     bigint        NOT NULL,
    name          text          NOT NULL,
    skills        text[]        NOT NULL CHECK (skills <@ ARRAY['LOW_VOLTAGE', 'MEDIUM_VOLTAGE', 'CABLE', 'METER']
                                                AND cardinality(skills) > 0),
    -- the daily shift in local time; an end before the start crosses midnight, an end equal to the start is a
    -- 24-hour duty (24小时值班)
    shift_start   time          NOT NULL,
    shift_end     time          NOT NULL,
    lat           numeric(9, 6),
    lon           numeric(9, 6),
    position_at   timestamptz,
    CHECK ((lat IS NULL) = (lon IS NULL) AND (lat IS NULL) = (position_at IS NULL)),
    UNIQUE (branch_id, name)
);
CREATE INDEX crew_location ON crew USING gist (public.ll_to_earth(lat::float8, lon::float8)) WHERE lat IS NOT NULL;

-- Staff users (role REPAIR_CREW) who work in a crew: each in one crew.
CREATE TABLE crew_member (
    crew_id  bigint NOT NULL REFERENCES crew (id),
    user_id  bigint NOT NULL UNIQUE,
    PRIMARY KEY (crew_id, user_id)
);

CREATE TABLE repair_status_transition (
    from_status text NOT NULL,
    to_status   text NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO repair_status_transition VALUES
    ('OPEN', 'DISPATCHED'),
    ('OPEN', 'REFERRED'),
    ('OPEN', 'CANCELLED'),
    ('DISPATCHED', 'ACCEPTED'),
    ('DISPATCHED', 'OPEN'),          -- recalled, or the crew declined: back on the board
    ('DISPATCHED', 'CANCELLED'),
    ('ACCEPTED', 'DEPARTED'),
    ('ACCEPTED', 'CANCELLED'),
    ('DEPARTED', 'ARRIVED'),
    ('ARRIVED', 'REPAIRED'),
    ('ARRIVED', 'REFERRED');         -- the fault is on the customer's own equipment

CREATE TABLE repair_job (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id           bigint        NOT NULL,
    status              text          NOT NULL CHECK (status IN ('OPEN', 'DISPATCHED', 'ACCEPTED', 'DEPARTED',
                                                                 'ARRIVED', 'REPAIRED', 'REFERRED', 'CANCELLED')),
    skill               text          NOT NULL CHECK (skill IN ('LOW_VOLTAGE', 'MEDIUM_VOLTAGE', 'CABLE', 'METER')),
    area_id             bigint,                       -- grid transformer area: the merge key
    box_id              bigint,
    place               text          NOT NULL,       -- the area's (or box's) name, for the board and the notices
    lat                 numeric(9, 6) NOT NULL,
    lon                 numeric(9, 6) NOT NULL,
    service_area        text          NOT NULL CHECK (service_area IN ('CITY', 'COUNTRYSIDE', 'REMOTE')),
    first_reported_at   timestamptz   NOT NULL,       -- the service-commitment clock starts here
    arrive_by           timestamptz   NOT NULL CHECK (arrive_by > first_reported_at),
    crew_id             bigint REFERENCES crew (id),
    team_id             bigint,                       -- third_party_team, once REFERRED
    dispatched_at       timestamptz,
    arrived_at          timestamptz,
    closed_at           timestamptz,
    reports             int           NOT NULL DEFAULT 1 CHECK (reports > 0),
    CHECK ((status IN ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED', 'REPAIRED')) = (crew_id IS NOT NULL)
           OR status = 'REFERRED' OR status = 'CANCELLED')
);
CREATE INDEX repair_job_board ON repair_job (branch_id, status, first_reported_at DESC);
CREATE INDEX repair_job_merge ON repair_job (area_id, first_reported_at DESC) WHERE status NOT IN ('REPAIRED', 'REFERRED', 'CANCELLED');
-- A crew is on one job at a time, whoever dispatches it (two dispatchers at once: the second waits, then fails).
CREATE UNIQUE INDEX repair_job_one_per_crew ON repair_job (crew_id)
    WHERE status IN ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED');

CREATE FUNCTION repair_job_moves_by_the_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> OLD.status AND NOT EXISTS (
            SELECT 1 FROM outage.repair_status_transition t WHERE t.from_status = OLD.status AND t.to_status = NEW.status) THEN
        RAISE EXCEPTION 'repair job % cannot move from % to %', OLD.id, OLD.status, NEW.status;
    END IF;
    IF OLD.status IN ('REPAIRED', 'REFERRED', 'CANCELLED') THEN
        RAISE EXCEPTION 'repair job % is closed', OLD.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER repair_job_transition BEFORE UPDATE ON repair_job
    FOR EACH ROW EXECUTE FUNCTION repair_job_moves_by_the_table();

-- Each step with its time, who recorded it and where the crew was: never changed.
CREATE TABLE repair_step (
    job_id       bigint        NOT NULL REFERENCES repair_job (id),
    seq          int           NOT NULL,
    status       text          NOT NULL,
    crew_id      bigint,
    team_id      bigint,
    note         text,
    lat          numeric(9, 6),
    lon          numeric(9, 6),
    recorded_by  bigint        NOT NULL,
    recorded_at  timestamptz   NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE FUNCTION repair_step_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'repair steps are never changed or deleted';
END $$;
CREATE TRIGGER repair_step_append_only BEFORE UPDATE OR DELETE ON repair_step
    FOR EACH ROW EXECUTE FUNCTION repair_step_is_append_only();

-- One report of a fault: merged into a job, or matched to a known outage (then no job and no crew).
CREATE TABLE repair_report (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id           bigint        NOT NULL,
    job_id              bigint REFERENCES repair_job (id),
    outage_id           bigint,                       -- outage.outage
    supply_account_id   bigint,
    area_id             bigint,
    lat                 numeric(9, 6),
    lon                 numeric(9, 6),
    channel             text          NOT NULL CHECK (channel IN ('PORTAL', 'STAFF')),
    reporter_user_id    bigint,                       -- the portal customer
    taken_by            bigint,                       -- the member of staff who took a call
    caller_phone        bytea,                        -- sealed (vault field outage.caller_phone)
    description         text          NOT NULL,
    occurred_at         timestamptz   NOT NULL,
    reported_at         timestamptz   NOT NULL,
    CHECK ((job_id IS NULL) <> (outage_id IS NULL)),
    CHECK ((channel = 'PORTAL') = (reporter_user_id IS NOT NULL))
);
CREATE INDEX repair_report_job ON repair_report (job_id);
CREATE INDEX repair_report_reporter ON repair_report (reporter_user_id, reported_at DESC);

-- Photos of a report, EXIF stripped; served only to the reporter and to staff of the branch.
CREATE TABLE repair_photo (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id     bigint  NOT NULL REFERENCES repair_report (id),
    content_type  text    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    size          int     NOT NULL CHECK (size > 0 AND size <= 5242880),
    bytes         bytea   NOT NULL
);
CREATE INDEX repair_photo_report ON repair_photo (report_id);

-- Third-party repair teams (社会化抢修队伍) for faults on customer-owned equipment.
CREATE TABLE third_party_team (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id       bigint  NOT NULL,
    name            text    NOT NULL,
    qualifications  text[]  NOT NULL,
    areas           text[]  NOT NULL CHECK (cardinality(areas) > 0),
    contact_name    bytea   NOT NULL,                 -- sealed (vault field outage.team_contact)
    contact_phone   bytea   NOT NULL,                 -- sealed (vault field outage.team_contact)
    UNIQUE (branch_id, name)
);

-- A customer's rating of the crew or team that worked a job: one per job.
CREATE TABLE job_rating (
    job_id     bigint   PRIMARY KEY REFERENCES repair_job (id),
    user_id    bigint   NOT NULL,
    crew_id    bigint,
    team_id    bigint,
    stars      int      NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment    text,
    rated_at   timestamptz NOT NULL,
    CHECK ((crew_id IS NULL) <> (team_id IS NULL))
);
CREATE INDEX job_rating_team ON job_rating (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX job_rating_crew ON job_rating (crew_id) WHERE crew_id IS NOT NULL;
