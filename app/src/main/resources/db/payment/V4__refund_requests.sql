-- Refunds with approval: a clerk asks to pay back an account's credit (预存) or a payment; another person approves,
-- and the ledger posts it (a REFUND of credit, or the REVERSAL of the payment), never below an account's floor.
CREATE TABLE refund_request (
    refund_id          bigserial PRIMARY KEY,
    supply_account_id  bigint NOT NULL,
    branch_id          bigint NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('CREDIT', 'PAYMENT')),
    payment_posting    bigint REFERENCES posting (posting_id),
    amount             bigint NOT NULL CHECK (amount > 0),
    channel            text NOT NULL CHECK (channel IN ('CASH', 'CARD', 'GATEWAY', 'BANK')),
    reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    requested_by       bigint NOT NULL,
    requested_by_name  text NOT NULL CHECK (length(requested_by_name) <= 100),
    requested_at       timestamptz NOT NULL,
    status             text NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED')),
    decided_by         bigint,
    decided_by_name    text CHECK (length(decided_by_name) <= 100),
    decided_at         timestamptz,
    decision_note      text CHECK (length(decision_note) <= 200),
    posting_id         bigint REFERENCES posting (posting_id),         -- what the approval posted
    CHECK ((kind = 'PAYMENT') = (payment_posting IS NOT NULL)),
    CHECK ((status = 'REQUESTED') = (decided_by IS NULL)),
    CHECK ((status = 'APPROVED') = (posting_id IS NOT NULL)),
    CHECK (decided_by IS NULL OR decided_by <> requested_by)          -- four eyes, in the database too
);
CREATE INDEX refund_request_open ON refund_request (branch_id, requested_at) WHERE status = 'REQUESTED';
-- a payment is asked to be refunded once at a time
CREATE UNIQUE INDEX refund_request_payment ON refund_request (payment_posting)
    WHERE payment_posting IS NOT NULL AND status IN ('REQUESTED', 'APPROVED');
