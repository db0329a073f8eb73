-- The payment ledger (ADR 0012): append-only double entry per supply account.
--
-- Books per supply account: RECEIVABLE (what the customer owes, per receivable item) and PREPAID (money the
-- customer holds with us, 预存). Books of the utility (no supply account): CASH, CARD, GATEWAY, BANK, REVENUE,
-- PENALTY_INCOME, ADJUSTMENT. Amounts are fen, debit positive, credit negative; every posting sums to zero.

-- the cached balances of one supply account and the lock its postings take (SELECT ... FOR UPDATE)
CREATE TABLE ledger_account (
    supply_account_id bigint PRIMARY KEY,
    branch_id         bigint NOT NULL,
    receivable        bigint NOT NULL DEFAULT 0 CHECK (receivable >= 0),  -- sum of RECEIVABLE entries
    prepaid           bigint NOT NULL DEFAULT 0 CHECK (prepaid >= 0),     -- minus the sum of PREPAID entries
    version           bigint NOT NULL DEFAULT 0 CHECK (version >= 0)      -- the number of the account's entries
);
CREATE INDEX ledger_account_branch ON ledger_account (branch_id);

-- one business fact, posted once per idempotency key
CREATE TABLE posting (
    posting_id      bigserial PRIMARY KEY,
    idempotency_key text COLLATE "C" NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    kind            text NOT NULL CHECK (kind IN ('BILL', 'BILL_REVERSAL', 'PAYMENT', 'TOP_UP', 'REFUND', 'PENALTY',
                                                  'ADJUSTMENT', 'TRANSFER', 'REVERSAL')),
    channel         text CHECK (channel IN ('CASH', 'CARD', 'GATEWAY', 'BANK')),
    posted_at       timestamptz NOT NULL,
    business_date   date NOT NULL,
    reverses        bigint UNIQUE REFERENCES posting (posting_id),      -- a posting is reversed at most once
    bill_id         bigint,                                              -- BILL, BILL_REVERSAL
    reference       text CHECK (length(reference) <= 100),               -- receipt number, gateway trade number
    reason          text CHECK (length(reason) <= 200),
    posted_by       bigint,                                              -- staff user id, null for the system
    posted_by_name  text CHECK (length(posted_by_name) <= 100)
);
-- receipt numbers of counter payments: the business day and this sequence (for example 2026120600001234)
CREATE SEQUENCE receipt_number;

CREATE INDEX posting_reference ON posting (reference) WHERE reference IS NOT NULL;

-- what the customer owes, item by item: an issued bill, a penalty, a charge by adjustment. open_amount is a
-- cache of the sum of the item's RECEIVABLE entries.
CREATE TABLE receivable_item (
    item_id           bigserial PRIMARY KEY,
    supply_account_id bigint NOT NULL REFERENCES ledger_account (supply_account_id),
    kind              text NOT NULL CHECK (kind IN ('BILL', 'PENALTY', 'ADJUSTMENT')),
    bill_id           bigint UNIQUE,
    bill_number       text,
    period_from       date,
    period_to         date,
    due_on            date NOT NULL,
    amount            bigint NOT NULL CHECK (amount > 0),
    open_amount       bigint NOT NULL CHECK (open_amount >= 0 AND open_amount <= amount),
    created_by        bigint NOT NULL REFERENCES posting (posting_id)
);
CREATE INDEX receivable_item_open ON receivable_item (supply_account_id, due_on, item_id) WHERE open_amount > 0;

CREATE TABLE entry (
    entry_id          bigserial PRIMARY KEY,
    posting_id        bigint NOT NULL REFERENCES posting (posting_id),
    book              text NOT NULL CHECK (book IN ('RECEIVABLE', 'PREPAID', 'CASH', 'CARD', 'GATEWAY', 'BANK',
                                                    'REVENUE', 'PENALTY_INCOME', 'ADJUSTMENT')),
    supply_account_id bigint REFERENCES ledger_account (supply_account_id),
    account_version   bigint,                                  -- the account's version after this entry
    item_id           bigint REFERENCES receivable_item (item_id),
    amount            bigint NOT NULL CHECK (amount <> 0),
    CHECK ((book IN ('RECEIVABLE', 'PREPAID')) = (supply_account_id IS NOT NULL)),
    CHECK ((supply_account_id IS NULL) = (account_version IS NULL)),
    CHECK ((book = 'RECEIVABLE') = (item_id IS NOT NULL)),
    UNIQUE (supply_account_id, account_version)                -- the version moves by exactly one per entry
);
CREATE INDEX entry_posting ON entry (posting_id);
CREATE INDEX entry_item ON entry (item_id) WHERE item_id IS NOT NULL;

-- Entries and postings are facts: no UPDATE, DELETE or TRUNCATE, whoever asks. A correction is a new posting.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payment.%: rows are append-only; post a reversal instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON entry FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON entry FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Every posting balances: its entries are inserted in one statement, and the statement is refused when any
-- posting it touches does not sum to zero.
CREATE FUNCTION refuse_unbalanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced bigint;
BEGIN
    SELECT posting_id INTO unbalanced FROM new_entries GROUP BY posting_id HAVING sum(amount) <> 0 LIMIT 1;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'payment.entry: posting % does not balance', unbalanced USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_balanced AFTER INSERT ON entry REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_unbalanced();

-- In production the application's role should own nothing here and hold SELECT, INSERT on entry and posting
-- only; the triggers hold even for the owner.
