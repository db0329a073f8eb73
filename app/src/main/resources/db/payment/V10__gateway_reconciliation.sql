-- The morning reconciliation (ADR 0018): per gateway and Beijing day, the gateway's trade bill is fetched and stored,
-- then matched three ways on the gateway transaction id against gateway_payment (our payment orders) and the ledger
-- posting keyed by it. What does not match is listed for a person to resolve; nothing is corrected by itself.

CREATE TABLE reconciliation_run (
    run_id            bigserial PRIMARY KEY,
    gateway           text NOT NULL CHECK (gateway ~ '^[A-Z_]{2,20}$'),
    day               date NOT NULL,                                   -- the bill's day, Beijing time
    state             text NOT NULL CHECK (state IN ('OPEN', 'DONE')), -- OPEN: the bill not fetched (yet)
    created_at        timestamptz NOT NULL,
    attempts          int NOT NULL DEFAULT 0,                          -- fences a claim: the claimant's attempt
    lease_until       timestamptz,                                     -- claimed by a node until then
    next_attempt_at   timestamptz,                                     -- OPEN: when to ask the gateway again
    last_error        text CHECK (length(last_error) <= 500),
    fetched_at        timestamptz,
    bill_file         bytea,                                           -- the file as the gateway sent it
    bill_sha256       text,
    matched           int,
    gateway_lines     int,
    gateway_sum       bigint,                                          -- fen, the bill's lines
    our_count         int,
    our_sum           bigint,                                          -- fen, our credits of the day (gateway_payment)
    ledger_sum        bigint,                                          -- fen, their postings on the GATEWAY book
    completed_at      timestamptz,
    UNIQUE (gateway, day),
    CHECK ((state = 'DONE') = (completed_at IS NOT NULL AND bill_file IS NOT NULL))
);
CREATE INDEX reconciliation_run_due ON reconciliation_run (next_attempt_at) WHERE state = 'OPEN';

-- the lines of the bill as read (replaced when a run fetches the bill again)
CREATE TABLE reconciliation_bill_line (
    run_id            bigint NOT NULL REFERENCES reconciliation_run (run_id),
    line_no           int NOT NULL,
    transaction_id    text NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    order_number      text NOT NULL CHECK (length(order_number) BETWEEN 1 AND 64),
    amount            bigint NOT NULL,                                 -- fen, negative for a refund
    completed_at      timestamptz NOT NULL,
    PRIMARY KEY (run_id, line_no)
);

-- what did not match, once per run, kind and transaction: running again adds nothing it listed before
CREATE TABLE reconciliation_discrepancy (
    discrepancy_id    bigserial PRIMARY KEY,
    run_id            bigint NOT NULL REFERENCES reconciliation_run (run_id),
    kind              text NOT NULL CHECK (kind IN ('MISSING_AT_US', 'MISSING_AT_GATEWAY', 'DUPLICATE',
                                                    'AMOUNT_MISMATCH', 'ORDER_MISMATCH')),
    transaction_id    text NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    order_number      text,                                            -- the bill's (ours when the bill has none)
    our_order_number  text,
    gateway_amount    bigint,
    our_amount        bigint,
    ledger_amount     bigint,
    completed_at      timestamptz,                                     -- the gateway's time of the trade
    found_at          timestamptz NOT NULL,
    state             text NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
    resolution        text CHECK (resolution IN ('CREDITED', 'REFUNDED_AT_GATEWAY', 'ACCEPTED')),
    note              text CHECK (length(note) <= 500),
    resolved_by       bigint,
    resolved_by_name  text,
    resolved_at       timestamptz,
    posting_id        bigint REFERENCES posting (posting_id),          -- CREDITED: the payment's posting
    UNIQUE (run_id, kind, transaction_id),
    CHECK ((state = 'RESOLVED') = (resolution IS NOT NULL AND resolved_at IS NOT NULL AND note IS NOT NULL))
);
CREATE INDEX reconciliation_discrepancy_open ON reconciliation_discrepancy (run_id) WHERE state = 'OPEN';

-- a payment a person credited from the bill (MISSING_AT_US resolved): the same row and key as a notification's
ALTER TABLE gateway_payment DROP CONSTRAINT gateway_payment_source_check;
ALTER TABLE gateway_payment ADD CONSTRAINT gateway_payment_source_check
    CHECK (source IN ('NOTIFICATION', 'QUERY', 'RECONCILIATION'));
