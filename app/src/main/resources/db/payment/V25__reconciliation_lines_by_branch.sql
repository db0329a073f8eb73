-- A gateway's bill lines and daily sums by branch (issue #10): a branch manager sees the bill's lines of payments to
-- accounts of their branches, and the run's counts and sums of those; staff of all branches see the whole bill.

-- the branches of the accounts of a line's order, placed when the run stores the line (ResolvingDiscrepancies): {0}
-- (no branch any member of staff has) when the order is not ours, money we cannot place, seen by staff of all
-- branches only; NULL for lines stored before this migration, likewise until the day is run again
ALTER TABLE reconciliation_bill_line ADD COLUMN branch_ids bigint[];
-- the line's transaction (a refund: its refund number) matched one to one, as the run's `matched` counts it
ALTER TABLE reconciliation_bill_line ADD COLUMN matched boolean NOT NULL DEFAULT false;

-- our side of the run, as matched: our credits and refunds through the gateway of the day or named by the bill, with
-- what the ledger posted of each on the GATEWAY book, placed in the branches of their order's accounts like the lines;
-- replaced with the lines when a day is run again
CREATE TABLE reconciliation_our_line (
    run_id            bigint NOT NULL REFERENCES reconciliation_run (run_id),
    line_no           int NOT NULL,
    transaction_id    text NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    order_number      text NOT NULL CHECK (length(order_number) BETWEEN 1 AND 64),
    refund_number     text CHECK (length(refund_number) BETWEEN 1 AND 64),
    amount            bigint NOT NULL,                                 -- fen, negative for a refund
    ledger_amount     bigint,                                          -- fen; NULL: nothing posted (yet)
    branch_ids        bigint[] NOT NULL,
    PRIMARY KEY (run_id, line_no)
);

-- whether the run's lines are placed (stored since this migration): before, a branch manager is told no figures
ALTER TABLE reconciliation_run ADD COLUMN by_branch boolean NOT NULL DEFAULT false;
