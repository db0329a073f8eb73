-- Bank withholding (代扣, issue 10, ADR 0019): agreements linking a supply account to a customer's account at one of
-- the utility's partner banks, monthly files to each bank and the banks' return files (回盘), row by row. The bank
-- account number and holder name are personal data: sealed with the personal data vault (AES-256-GCM), never in
-- clear. A file is kept sealed too; its rows hold only ids and amounts.

CREATE TABLE partner_bank (
    bank_code text COLLATE "C" PRIMARY KEY CHECK (bank_code ~ '^[0-9]{3}$'),  -- 行别代码 of the bank
    name_zh   text NOT NULL,
    name_en   text NOT NULL
);
INSERT INTO partner_bank (bank_code, name_zh, name_en) VALUES
    ('102', '中国工商银行', 'Industrial and Commercial Bank of China'),
    ('103', '中国农业银行', 'Agricultural Bank of China'),
    ('104', '中国银行', 'Bank of China'),
    ('105', '中国建设银行', 'China Construction Bank'),
    ('301', '交通银行', 'Bank of Communications'),
    ('403', '中国邮政储蓄银行', 'Postal Savings Bank of China');

CREATE TABLE withholding_agreement (
    agreement_id      bigserial PRIMARY KEY,
    supply_account_id bigint NOT NULL,
    branch_id         bigint NOT NULL,
    bank_code         text COLLATE "C" NOT NULL REFERENCES partner_bank (bank_code),
    holder_name_enc   bytea NOT NULL,                 -- vault field payment.withholding.holder_name
    bank_account_enc  bytea NOT NULL,                 -- vault field payment.withholding.bank_account
    signed_on         date NOT NULL,
    state             text NOT NULL CHECK (state IN ('ACTIVE', 'CANCELLED')),
    created_by        bigint NOT NULL,
    created_by_name   text NOT NULL CHECK (length(created_by_name) <= 100),
    created_at        timestamptz NOT NULL,
    cancelled_by      bigint,
    cancelled_by_name text CHECK (length(cancelled_by_name) <= 100),
    cancelled_at      timestamptz,
    cancel_reason     text CHECK (length(cancel_reason) <= 200),
    CHECK ((state = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
-- one active agreement per supply account: the bank that collects is never in doubt
CREATE UNIQUE INDEX withholding_agreement_active ON withholding_agreement (supply_account_id) WHERE state = 'ACTIVE';
CREATE INDEX withholding_agreement_of_account ON withholding_agreement (supply_account_id, agreement_id);
CREATE INDEX withholding_agreement_of_bank ON withholding_agreement (bank_code, branch_id) WHERE state = 'ACTIVE';

-- one file to one bank for one branch and month; SENT until its return file is processed
CREATE TABLE withholding_batch (
    batch_id        bigserial PRIMARY KEY,
    batch_number    text COLLATE "C" NOT NULL UNIQUE CHECK (batch_number ~ '^WH[0-9]{18}$'),
    branch_id       bigint NOT NULL,
    bank_code       text COLLATE "C" NOT NULL REFERENCES partner_bank (bank_code),
    month           date NOT NULL CHECK (extract(day from month) = 1),
    state           text NOT NULL CHECK (state IN ('SENT', 'RETURNED')),
    row_count       integer NOT NULL CHECK (row_count >= 0),
    total           bigint NOT NULL CHECK (total >= 0),
    file_enc        bytea NOT NULL,                 -- vault field payment.withholding.file: the bytes sent
    file_sha256     bytea NOT NULL CHECK (length(file_sha256) = 32),
    created_by      bigint NOT NULL,
    created_by_name text NOT NULL CHECK (length(created_by_name) <= 100),
    created_at      timestamptz NOT NULL,
    return_sha256   bytea CHECK (length(return_sha256) = 32),
    returned_by     bigint,
    returned_by_name text CHECK (length(returned_by_name) <= 100),
    returned_at     timestamptz,
    succeeded       integer CHECK (succeeded >= 0),
    succeeded_total bigint CHECK (succeeded_total >= 0),
    UNIQUE (branch_id, bank_code, month),
    CHECK ((state = 'RETURNED') = (returned_at IS NOT NULL)),
    CHECK ((returned_at IS NULL) = (return_sha256 IS NULL) AND (returned_at IS NULL) = (succeeded IS NULL))
);
CREATE INDEX withholding_batch_of_branch ON withholding_batch (branch_id, month DESC);

CREATE TABLE withholding_row (
    batch_id          bigint NOT NULL REFERENCES withholding_batch (batch_id),
    seq               integer NOT NULL CHECK (seq >= 1),
    supply_account_id bigint NOT NULL,
    agreement_id      bigint NOT NULL REFERENCES withholding_agreement (agreement_id),
    amount            bigint NOT NULL CHECK (amount > 0),
    result_code       text COLLATE "C" CHECK (result_code ~ '^[0-9]{4}$'),
    posting_id        bigint REFERENCES posting (posting_id),
    PRIMARY KEY (batch_id, seq),
    UNIQUE (batch_id, supply_account_id),
    CHECK (posting_id IS NULL OR result_code = '0000')
);
-- an account is in at most one batch that is out at a bank: its bills are never sent twice
CREATE INDEX withholding_row_account ON withholding_row (supply_account_id) WHERE result_code IS NULL;
