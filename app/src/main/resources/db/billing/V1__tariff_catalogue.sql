-- Tariff versions staff add in the console (maker-checker). The tariff pack's own versions are files; a version
-- here follows the pack's (and earlier approved) versions of the same tariff. The definition is the version as
-- JSON in the pack's format (docs/tariff-pack.md). An approved version never changes and is never deleted, so a
-- bill made on it can always be traced to it.
CREATE TABLE tariff_version (
    tariff_id       varchar(64)  NOT NULL,
    version         integer      NOT NULL CHECK (version > 0),
    effective_from  date         NOT NULL,
    definition      jsonb        NOT NULL,
    status          varchar(16)  NOT NULL CHECK (status IN ('DRAFT', 'APPROVED')),
    drafted_by      bigint       NOT NULL,
    drafted_by_name varchar(200) NOT NULL,
    drafted_at      timestamptz  NOT NULL,
    approved_by     bigint,
    approved_by_name varchar(200),
    approved_at     timestamptz,
    PRIMARY KEY (tariff_id, version),
    CONSTRAINT tariff_version_approved_by_another
        CHECK (status = 'DRAFT' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND approved_by <> drafted_by))
);

-- one open draft per tariff
CREATE UNIQUE INDEX tariff_version_one_draft ON tariff_version (tariff_id) WHERE status = 'DRAFT';

CREATE FUNCTION tariff_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'APPROVED' THEN
            RAISE EXCEPTION 'approved tariff version %/% cannot be deleted', OLD.tariff_id, OLD.version;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'APPROVED' THEN
        RAISE EXCEPTION 'approved tariff version %/% cannot change', OLD.tariff_id, OLD.version;
    END IF;
    IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
            OR NEW.drafted_by IS DISTINCT FROM OLD.drafted_by THEN
        RAISE EXCEPTION 'a tariff draft is approved as submitted: submit a new draft instead';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER tariff_version_frozen BEFORE UPDATE OR DELETE ON tariff_version
    FOR EACH ROW EXECUTE FUNCTION tariff_version_frozen();
