-- Late-payment penalties (电费违约金, PAY-10) and their waivers (减免); see ADR 0014.

-- The rates, as data: a daily rate per customer class and arrears year, in force from a day on. A new rule (a
-- provincial change, a new 供电营业规则) is a new row with a later effective_from; rows are never edited.
CREATE TABLE penalty_rate (
    effective_from date NOT NULL,
    customer_class text NOT NULL CHECK (customer_class IN ('RESIDENTIAL', 'COMMERCIAL', 'LARGE_INDUSTRIAL',
                                                           'AGRICULTURAL')),
    arrears        text NOT NULL CHECK (arrears IN ('CURRENT_YEAR', 'PRIOR_YEARS')),
    per_day        numeric(9, 6) NOT NULL CHECK (per_day >= 0 AND per_day < 1),
    source         text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    PRIMARY KEY (customer_class, arrears, effective_from)
);
-- 供电营业规则 (2024 revision, in force 2024-06-01): residential 1‰ a day; others 2‰ a day on the current year's
-- arrears and 3‰ a day on arrears from earlier years. The same figures stood since 1996, so they reach back.
INSERT INTO penalty_rate (effective_from, customer_class, arrears, per_day, source) VALUES
    ('1996-01-01', 'RESIDENTIAL', 'CURRENT_YEAR', 0.001, '供电营业规则 第九十八条'),
    ('1996-01-01', 'RESIDENTIAL', 'PRIOR_YEARS', 0.001, '供电营业规则 第九十八条'),
    ('1996-01-01', 'COMMERCIAL', 'CURRENT_YEAR', 0.002, '供电营业规则 第九十八条'),
    ('1996-01-01', 'COMMERCIAL', 'PRIOR_YEARS', 0.003, '供电营业规则 第九十八条'),
    ('1996-01-01', 'LARGE_INDUSTRIAL', 'CURRENT_YEAR', 0.002, '供电营业规则 第九十八条'),
    ('1996-01-01', 'LARGE_INDUSTRIAL', 'PRIOR_YEARS', 0.003, '供电营业规则 第九十八条'),
    ('1996-01-01', 'AGRICULTURAL', 'CURRENT_YEAR', 0.002, '供电营业规则 第九十八条'),
    ('1996-01-01', 'AGRICULTURAL', 'PRIOR_YEARS', 0.003, '供电营业规则 第九十八条');

-- How far each bill's penalty has been accrued: the exact sum of its daily amounts (fen, six decimals) and the fen
-- posted for it so far (that sum rounded half up once; each day posts the difference). Written in the transaction
-- that posts the penalty, so a day accrued is never accrued again.
CREATE TABLE penalty_accrual (
    item_id           bigint PRIMARY KEY REFERENCES receivable_item (item_id),
    supply_account_id bigint NOT NULL REFERENCES ledger_account (supply_account_id),
    accrued_through   date NOT NULL,
    exact             numeric(24, 6) NOT NULL CHECK (exact >= 0),
    posted            bigint NOT NULL CHECK (posted >= 0)
);
CREATE INDEX penalty_accrual_account ON penalty_accrual (supply_account_id);

-- A waiver (减免) of penalties posted to an account: requested by one member of staff with a reason, approved or
-- rejected by another. Approval reverses the penalty postings it names.
CREATE TABLE penalty_waiver (
    waiver_id          bigserial PRIMARY KEY,
    supply_account_id  bigint NOT NULL REFERENCES ledger_account (supply_account_id),
    branch_id          bigint NOT NULL,
    penalty_postings   bigint[] NOT NULL CHECK (cardinality(penalty_postings) BETWEEN 1 AND 1000),
    amount             bigint NOT NULL CHECK (amount > 0),
    reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    requested_by       bigint NOT NULL,
    requested_by_name  text NOT NULL CHECK (length(requested_by_name) <= 100),
    requested_at       timestamptz NOT NULL,
    status             text NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED')),
    decided_by         bigint,
    decided_by_name    text CHECK (length(decided_by_name) <= 100),
    decided_at         timestamptz,
    decision_note      text CHECK (length(decision_note) <= 200),
    CHECK ((status = 'REQUESTED') = (decided_by IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> requested_by)          -- four eyes, in the database too
);
CREATE INDEX penalty_waiver_open ON penalty_waiver (branch_id, requested_at) WHERE status = 'REQUESTED';
CREATE INDEX penalty_waiver_account ON penalty_waiver (supply_account_id, requested_at);
