-- A gateway's bill lines and daily sums by branch (issue #10): a branch manager sees the bill's lines of payments to
-- accounts of their branches, and the run's counts and sums of those; staff of all branches see the whole bill.

-- the branches of the accounts of a line's order, placed when the run stores the line (ResolvingDiscrepancies): {0}
-- (no branch any member of staff has) when the order is not ours, money we cannot place, seen by staff of all
-- branches only; NULL for lines stored before this migration, likewise until the day is run again
ALTER TABLE reconciliation_bill_line ADD COLUMN branch_ids bigint[];
-- the line's transaction (a refund: its refund number) matched one to one, as the run's `matched` counts it
ALTER TABLE reconciliation_bill_line ADD COLUMN matched boolean NOT NULL DEFAULT false;

-- the run's counts and sums by the branches its lines and our side were placed in (one row per distinct placement), so
-- that a branch manager's figures are the sum of a few rows, whatever the size of the bill: the bill's lines, those
-- matched and their sum; our credits and refunds through the gateway of the day or named by the bill, their sum and
-- what the ledger posted of them on the GATEWAY book. Replaced with the lines when a day is run again.
CREATE TABLE reconciliation_run_figures (
    run_id            bigint NOT NULL REFERENCES reconciliation_run (run_id),
    branch_ids        bigint[] NOT NULL,
    lines             int NOT NULL,
    matched           int NOT NULL,
    gateway_sum       bigint NOT NULL,                                 -- fen, net of refunds
    our_count         int NOT NULL,
    our_sum           bigint NOT NULL,
    ledger_sum        bigint NOT NULL,
    PRIMARY KEY (run_id, branch_ids)
);

-- whether the run's lines are placed (stored since this migration): before, a branch manager is told no figures
ALTER TABLE reconciliation_run ADD COLUMN by_branch boolean NOT NULL DEFAULT false;
