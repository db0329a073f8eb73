-- Recharge vouchers (充值券): batches of single-use codes with a value and an expiry. Codes are random and stored only
-- as their SHA-256; they are shown once, when the batch is made. Redeeming credits an account (a TOP_UP on the
-- VOUCHER book, the utility's liability for vouchers out) exactly once.
ALTER TABLE posting DROP CONSTRAINT posting_channel_check;
ALTER TABLE posting ADD CONSTRAINT posting_channel_check CHECK (channel IN ('CASH', 'CARD', 'GATEWAY', 'BANK', 'VOUCHER'));
ALTER TABLE entry DROP CONSTRAINT entry_book_check;
ALTER TABLE entry ADD CONSTRAINT entry_book_check CHECK (book IN ('RECEIVABLE', 'PREPAID', 'CASH', 'CARD', 'GATEWAY',
                                                                 'BANK', 'REVENUE', 'PENALTY_INCOME', 'ADJUSTMENT',
                                                                 'VOUCHER'));

CREATE TABLE voucher_batch (
    batch_id        bigserial PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    value           bigint NOT NULL CHECK (value > 0),
    expires_on      date NOT NULL,                  -- the last day a code may be redeemed
    codes           integer NOT NULL CHECK (codes BETWEEN 1 AND 10000),
    created_by      bigint NOT NULL,
    created_by_name text NOT NULL CHECK (length(created_by_name) <= 100),
    created_at      timestamptz NOT NULL
);

CREATE TABLE voucher (
    code_hash         bytea PRIMARY KEY CHECK (length(code_hash) = 32),
    batch_id          bigint NOT NULL REFERENCES voucher_batch (batch_id),
    redeemed_at       timestamptz,
    supply_account_id bigint,
    posting_id        bigint REFERENCES posting (posting_id),
    CHECK ((redeemed_at IS NULL) = (posting_id IS NULL) AND (redeemed_at IS NULL) = (supply_account_id IS NULL))
);
CREATE INDEX voucher_of_batch ON voucher (batch_id);
