-- Billing runs, bills and their lines, the automatic audit's findings and the clerks' decisions (ADR 0011).
--
-- Bills are immutable: a row of bill_line is inserted once and never updated or deleted; a bill row only moves its
-- status along the transition table below (the same table as BillStatus in Java), and takes its bill number, issue
-- and due date once, when it becomes ISSUED. The triggers at the end refuse everything else, whoever asks.

-- A run bills one branch for one month. Any node may work it: a worker claims a run with FOR UPDATE SKIP LOCKED under
-- a lease and fences every chunk commit with the run's fence number, so a node that was presumed dead cannot commit
-- after another took the run over. A run of a killed process is taken back when its lease expires.
CREATE TABLE billing_run (
    id              bigserial PRIMARY KEY,
    branch_id       bigint      NOT NULL,
    period_from     date        NOT NULL,
    period_to       date        NOT NULL,
    status          text        NOT NULL DEFAULT 'QUEUED'
                                CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    requested_by    text        NOT NULL,
    requested_by_id bigint      NOT NULL,
    requested_at    timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    fence           bigint      NOT NULL DEFAULT 0,
    accounts        int,                                  -- set when the chunks are planned
    last_error      text,
    failures        int         NOT NULL DEFAULT 0,        -- in a row; the run is FAILED after gridhall.billing.runs.max-failures
    released_at     timestamptz,
    CHECK (period_to >= period_from),
    -- one run per branch and month: asking again answers the run there is
    CONSTRAINT billing_run_once UNIQUE (branch_id, period_from)
);
CREATE INDEX billing_run_due ON billing_run (status, lease_until) WHERE status IN ('QUEUED', 'RUNNING');

-- The accounts of a run, split once into chunks when the run is first claimed; a chunk commits its bills and lines
-- and its DONE state in one transaction, so a restart redoes exactly the chunks that did not commit.
CREATE TABLE run_chunk (
    run_id        bigint   NOT NULL REFERENCES billing_run (id),
    chunk_no      int      NOT NULL,
    account_ids   bigint[] NOT NULL,
    status        text     NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE')),
    bills         int      NOT NULL DEFAULT 0,
    held          int      NOT NULL DEFAULT 0,
    skipped       int      NOT NULL DEFAULT 0,          -- accounts not billed: no meter, no reads, no tariff
    done_at       timestamptz,
    PRIMARY KEY (run_id, chunk_no)
);

-- Why an account of a run got no bill (so that "none missing" can be checked and a clerk can act).
CREATE TABLE run_skip (
    run_id            bigint NOT NULL REFERENCES billing_run (id),
    supply_account_id bigint NOT NULL,
    reason            text   NOT NULL CHECK (reason IN ('NO_METER', 'NO_READS', 'NO_TARIFF', 'NOT_RATABLE', 'NOT_ACTIVE', 'ALREADY_BILLED')),
    PRIMARY KEY (run_id, supply_account_id)
);

CREATE TABLE bill_status_transition (
    from_status text NOT NULL,
    to_status   text NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO bill_status_transition VALUES
    ('PENDING_AUDIT', 'AUDIT_PASSED'),
    ('PENDING_AUDIT', 'HELD'),
    ('AUDIT_PASSED', 'HELD'),
    ('AUDIT_PASSED', 'ISSUED'),
    ('HELD', 'AUDIT_PASSED'),
    ('HELD', 'SUPERSEDED'),
    ('ISSUED', 'REVERSED');

CREATE SEQUENCE bill_number_seq;

CREATE TABLE bill (
    id                 bigserial PRIMARY KEY,
    supply_account_id  bigint        NOT NULL,            -- customer.supply_account.id
    account_number     text          NOT NULL,
    branch_id          bigint        NOT NULL,
    type               text          NOT NULL CHECK (type IN ('REGULAR', 'REVERSAL', 'REBILL')),
    status             text          NOT NULL CHECK (status IN ('PENDING_AUDIT', 'AUDIT_PASSED', 'HELD', 'SUPERSEDED', 'ISSUED', 'REVERSED')),
    period_from        date          NOT NULL,
    period_to          date          NOT NULL,
    bill_number        text UNIQUE,
    issued_on          date,
    due_on             date,
    energy             numeric(16, 4) NOT NULL,
    total_fen          bigint        NOT NULL,
    estimated          boolean       NOT NULL,
    tariff_id          text          NOT NULL,
    tariff_version     int           NOT NULL,
    tier_year_start    date,
    tier_used_before   numeric(16, 4),
    tier_used_after    numeric(16, 4),
    reverses           bigint REFERENCES bill (id),      -- REVERSAL: the bill it cancels; REBILL: the bill it replaces
    supersedes         bigint REFERENCES bill (id),      -- a REGULAR bill a clerk recalculated: the held bill it replaces
    correction_reason  text,
    corrected_by       text,
    corrected_by_id    bigint,
    run_id             bigint REFERENCES billing_run (id),
    chunk_no           int,
    created_at         timestamptz   NOT NULL,
    CHECK (period_to >= period_from),
    CHECK ((type = 'REGULAR') = (reverses IS NULL)),
    CHECK (type = 'REGULAR' OR (correction_reason IS NOT NULL AND corrected_by IS NOT NULL)),
    CHECK (supersedes IS NULL OR type = 'REGULAR'),
    CHECK ((status = 'ISSUED' OR status = 'REVERSED') = (bill_number IS NOT NULL)),
    CHECK ((bill_number IS NULL) = (issued_on IS NULL) AND (bill_number IS NULL) = (due_on IS NULL))
);
-- Exactly once per (account, period, bill type) and per bill it replaces: the period's first REGULAR bill has no
-- predecessor (0); a recalculation of a held bill replaces that bill once; a bill is reversed once, and each
-- reversal allows one rebill (keyed by the reversed bill). Reversing a rebill and rebilling again keys on the rebill.
CREATE UNIQUE INDEX bill_once ON bill (supply_account_id, period_from, type, coalesce(reverses, supersedes, 0));
CREATE INDEX bill_account ON bill (supply_account_id, period_from DESC);
CREATE INDEX bill_run ON bill (run_id, status);
CREATE INDEX bill_held ON bill (branch_id) WHERE status = 'HELD';

CREATE TABLE bill_line (
    bill_id      bigint        NOT NULL REFERENCES bill (id),
    line_no      int           NOT NULL,
    code         text          NOT NULL,
    quantity     numeric(18, 4),
    unit         text          NOT NULL,
    price        numeric(14, 6),
    amount_fen   bigint        NOT NULL,
    explanation  jsonb         NOT NULL,                  -- LineExplanation: tariff version, formula, sources
    PRIMARY KEY (bill_id, line_no)
);

-- What the automatic audit (MR-4) found, per bill, inserted with the bill.
CREATE TABLE audit_finding (
    bill_id  bigint NOT NULL REFERENCES bill (id),
    code     text   NOT NULL,
    detail   text   NOT NULL,
    PRIMARY KEY (bill_id, code)
);

-- A clerk's decision on a bill: APPROVE (held -> passed), HOLD (passed -> held), RECALCULATE (held -> superseded by
-- a bill rated afresh); also audited in identity's log.
CREATE TABLE review_decision (
    id             bigserial PRIMARY KEY,
    bill_id        bigint      NOT NULL REFERENCES bill (id),
    action         text        NOT NULL CHECK (action IN ('APPROVE', 'HOLD', 'RECALCULATE')),
    reason         text        NOT NULL,
    decided_by     text        NOT NULL,
    decided_by_id  bigint      NOT NULL,
    decided_at     timestamptz NOT NULL,
    new_bill_id    bigint REFERENCES bill (id)
);
CREATE INDEX review_decision_bill ON review_decision (bill_id);

-- The tier counter of each account: what its latest bill in force counted in its tier year. A view over the bills,
-- so a reversal or a recalculation can never leave it behind.
CREATE VIEW tier_counter AS
SELECT DISTINCT ON (supply_account_id)
       supply_account_id, tier_year_start, period_to AS counted_through, tier_used_after AS used, id AS bill_id
  FROM bill
 WHERE type <> 'REVERSAL' AND status IN ('PENDING_AUDIT', 'AUDIT_PASSED', 'HELD', 'ISSUED')
 ORDER BY supply_account_id, period_to DESC, id DESC;

CREATE FUNCTION refuse_bill_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    frozen CONSTANT text[] := ARRAY['status', 'bill_number', 'issued_on', 'due_on'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'bills are never deleted (bill %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - frozen) IS DISTINCT FROM (to_jsonb(OLD) - frozen) THEN
        RAISE EXCEPTION 'bill % is immutable: only its status moves', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
           SELECT 1 FROM billing.bill_status_transition t WHERE t.from_status = OLD.status AND t.to_status = NEW.status) THEN
        RAISE EXCEPTION 'bill %: no transition from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (OLD.bill_number IS NOT NULL AND NEW.bill_number IS DISTINCT FROM OLD.bill_number)
       OR (OLD.issued_on IS NOT NULL AND NEW.issued_on IS DISTINCT FROM OLD.issued_on)
       OR (OLD.due_on IS NOT NULL AND NEW.due_on IS DISTINCT FROM OLD.due_on)
       OR (OLD.bill_number IS NULL AND NEW.bill_number IS NOT NULL AND NEW.status <> 'ISSUED') THEN
        RAISE EXCEPTION 'bill %: number and dates are set once, on issue', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER bill_immutable BEFORE UPDATE OR DELETE ON bill FOR EACH ROW EXECUTE FUNCTION refuse_bill_change();

CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never % (they are part of an immutable bill)', TG_TABLE_NAME, lower(TG_OP) || 'd'
        USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER bill_line_immutable BEFORE UPDATE OR DELETE ON bill_line FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_finding_immutable BEFORE UPDATE OR DELETE ON audit_finding FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_decision_immutable BEFORE UPDATE OR DELETE ON review_decision FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER bill_truncate BEFORE TRUNCATE ON bill FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER bill_line_truncate BEFORE TRUNCATE ON bill_line FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
