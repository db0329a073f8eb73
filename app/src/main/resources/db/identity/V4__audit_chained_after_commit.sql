-- Issue #7: audited transactions no longer queue on the head row. A business transaction inserts its
-- audit entry unchained (seq, prev_hash and hash empty), so the entry exists iff the business commits;
-- after commit a single chainer, in short transactions that lock the head row, gives pending entries
-- their place in the chain. See ADR 0006.

-- Entries are identified from insertion on; the chain position (seq) comes later. Existing rows are all
-- chained, so their new id only has to be unique.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE audit_log
    ALTER COLUMN seq DROP NOT NULL,
    ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL,
    ADD CONSTRAINT audit_log_seq_unique UNIQUE (seq),
    ADD CONSTRAINT audit_log_chained_whole CHECK (num_nulls(seq, prev_hash, hash) IN (0, 3));
CREATE INDEX audit_log_pending ON audit_log (id) WHERE seq IS NULL;

-- Still append-only: an entry enters unchained, and the only change ever allowed is chaining a pending
-- entry once, its content untouched. DELETE and TRUNCATE stay refused.
CREATE FUNCTION audit_log_only_chains() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.seq IS NULL THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: entries enter unchained';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_kind, NEW.actor_name, NEW.action, NEW.object_type,
            NEW.object_id, NEW.details)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_id, OLD.actor_kind, OLD.actor_name, OLD.action, OLD.object_type,
            OLD.object_id, OLD.details) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
DROP TRIGGER audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_only_chains();
