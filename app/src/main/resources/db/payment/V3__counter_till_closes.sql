-- Till close (日终轧账) of counter clerks: each clerk's money of a business day as the ledger has it, what the clerk
-- counted, and the difference with its reason. A closed till takes no more payments for that day and clerk.
CREATE TABLE till_close (
    business_date   date NOT NULL,
    clerk_id        bigint NOT NULL,
    clerk_name      text NOT NULL CHECK (length(clerk_name) <= 100),
    branch_ids      bigint[] NOT NULL,
    cash_expected   bigint NOT NULL,          -- fen: the clerk's entries on the CASH book that day
    cash_counted    bigint NOT NULL CHECK (cash_counted >= 0),
    card_expected   bigint NOT NULL,          -- fen: the clerk's entries on the CARD book that day
    card_counted    bigint NOT NULL CHECK (card_counted >= 0),   -- the card terminal's batch total
    payments        integer NOT NULL CHECK (payments >= 0),
    reason          text CHECK (length(reason) <= 200),
    closed_at       timestamptz NOT NULL,
    PRIMARY KEY (business_date, clerk_id),
    -- a difference is never recorded without its reason
    CHECK ((cash_counted = cash_expected AND card_counted = card_expected) OR reason IS NOT NULL)
);
CREATE INDEX till_close_day ON till_close (business_date);

-- the till's sums read a clerk's postings of a day
CREATE INDEX posting_by_clerk_day ON posting (posted_by, business_date) WHERE posted_by IS NOT NULL;
