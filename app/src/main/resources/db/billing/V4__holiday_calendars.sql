-- Years of the holiday calendar staff enter in the console (maker-checker, as tariff versions): the State Council
-- publishes next year's days off and 调休 workdays each November. calendar_id is the region and the year
-- ('CN-ZJ/2027'); a year here replaces the pack's year of that region, its latest approved version in force. The
-- definition is the year as JSON in the pack's format (docs/tariff-pack.md); effective_from the first day it may
-- differ from the calendar before it (days already billed never change). Approved versions never change and are
-- never deleted.
CREATE TABLE holiday_calendar (
    calendar_id      varchar(64)  NOT NULL,
    version          integer      NOT NULL CHECK (version > 0),
    effective_from   date         NOT NULL,
    definition       jsonb        NOT NULL,
    status           varchar(16)  NOT NULL CHECK (status IN ('DRAFT', 'APPROVED')),
    drafted_by       bigint       NOT NULL,
    drafted_by_name  varchar(200) NOT NULL,
    drafted_at       timestamptz  NOT NULL,
    approved_by      bigint,
    approved_by_name varchar(200),
    approved_at      timestamptz,
    PRIMARY KEY (calendar_id, version),
    CONSTRAINT holiday_calendar_approved_by_another
        CHECK (status = 'DRAFT' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND approved_by <> drafted_by))
);

-- one open draft per region and year
CREATE UNIQUE INDEX holiday_calendar_one_draft ON holiday_calendar (calendar_id) WHERE status = 'DRAFT';

CREATE FUNCTION holiday_calendar_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'APPROVED' THEN
            RAISE EXCEPTION 'approved holiday calendar %/% cannot be deleted', OLD.calendar_id, OLD.version;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'APPROVED' THEN
        RAISE EXCEPTION 'approved holiday calendar %/% cannot change', OLD.calendar_id, OLD.version;
    END IF;
    IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
            OR NEW.drafted_by IS DISTINCT FROM OLD.drafted_by THEN
        RAISE EXCEPTION 'a holiday calendar draft is approved as submitted: submit a new draft instead';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER holiday_calendar_frozen BEFORE UPDATE OR DELETE ON holiday_calendar
    FOR EACH ROW EXECUTE FUNCTION holiday_calendar_frozen();
