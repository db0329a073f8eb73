-- Electronic invoices (数电票, PAY-11, issue #10, ADR 0020): one blue invoice per settled bill, issued through the tax
-- platform asynchronously; a correction is a red invoice (红字发票) for the whole blue one, then a new blue one.
--
-- request_number is our serial number (流水号) at the platform: a request sent again under it is the same request
-- there. The buyer's name, tax id and e-mail address are sealed (AES-256-GCM, PersonalDataVault) and never stored in
-- clear. Amounts are fen; a red invoice's are negative.
CREATE SEQUENCE invoice_request_number;

CREATE TABLE invoice (
    invoice_id        bigserial PRIMARY KEY,
    request_number    text COLLATE "C" NOT NULL UNIQUE CHECK (request_number ~ '^GHI[0-9]{8,20}$'),
    kind              text NOT NULL CHECK (kind IN ('BLUE', 'RED')),
    -- WAITING: a blue invoice that replaces one whose red invoice is not issued yet
    state             text NOT NULL CHECK (state IN ('WAITING', 'REQUESTED', 'SUBMITTED', 'UNKNOWN', 'ISSUED',
                                                     'REFUSED', 'REVERSED')),
    supply_account_id bigint NOT NULL,
    branch_id         bigint NOT NULL,
    bill_id           bigint NOT NULL,
    bill_number       text CHECK (length(bill_number) <= 40),
    item_id           bigint NOT NULL REFERENCES receivable_item (item_id),
    buyer_type        text NOT NULL CHECK (buyer_type IN ('PERSON', 'COMPANY')),
    buyer_name        bytea NOT NULL,
    buyer_tax_id      bytea,
    buyer_email       bytea,
    CHECK ((buyer_type = 'COMPANY') = (buyer_tax_id IS NOT NULL)),
    total             bigint NOT NULL CHECK (total <> 0),
    net               bigint NOT NULL,
    tax               bigint NOT NULL,
    CHECK (net + tax = total),
    CHECK ((kind = 'BLUE') = (total > 0)),
    original_id       bigint REFERENCES invoice (invoice_id),
    CHECK ((kind = 'RED') = (original_id IS NOT NULL)),
    replaces_id       bigint REFERENCES invoice (invoice_id),             -- a blue invoice issued after a red one
    CHECK (kind = 'BLUE' OR replaces_id IS NULL),
    CHECK ((state = 'WAITING') <= (replaces_id IS NOT NULL)),
    reason            text CHECK (length(reason) <= 200),
    invoice_number    char(20) UNIQUE CHECK (invoice_number ~ '^[0-9]{20}$'),
    issued_at         timestamptz,
    CHECK ((state IN ('ISSUED', 'REVERSED')) = (invoice_number IS NOT NULL AND issued_at IS NOT NULL)),
    pdf               bytea,
    xml               text,
    refusal           text CHECK (length(refusal) <= 200),
    requested_by      bigint,
    requested_by_name text CHECK (length(requested_by_name) <= 100),
    requested_at      timestamptz NOT NULL,
    next_attempt_at   timestamptz NOT NULL,
    attempts          int NOT NULL DEFAULT 0 CHECK (attempts >= 0)
);
-- never twice: one blue invoice per bill that is not refused and not reversed by a red one
CREATE UNIQUE INDEX invoice_one_blue_per_bill ON invoice (bill_id) WHERE kind = 'BLUE' AND state NOT IN ('WAITING', 'REFUSED', 'REVERSED');
-- one replacement waiting per blue invoice
CREATE UNIQUE INDEX invoice_one_replacement ON invoice (replaces_id) WHERE state = 'WAITING';
-- one red invoice per blue one that is not refused
CREATE UNIQUE INDEX invoice_one_red_per_blue ON invoice (original_id) WHERE kind = 'RED' AND state <> 'REFUSED';
CREATE INDEX invoice_due ON invoice (next_attempt_at) WHERE state IN ('REQUESTED', 'SUBMITTED', 'UNKNOWN');
CREATE INDEX invoice_account ON invoice (supply_account_id, invoice_id);
CREATE INDEX invoice_branch ON invoice (branch_id, invoice_id);

-- the invoice's lines as sent: tax computed per line from the amount with tax, rounded once
CREATE TABLE invoice_line (
    invoice_id  bigint NOT NULL REFERENCES invoice (invoice_id),
    line_no     int NOT NULL CHECK (line_no BETWEEN 1 AND 200),
    item_name   text NOT NULL CHECK (length(item_name) BETWEEN 1 AND 100),
    tax_code    text NOT NULL CHECK (tax_code ~ '^[0-9]{19}$'),
    tax_rate    numeric(5, 4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
    total       bigint NOT NULL,
    net         bigint NOT NULL,
    tax         bigint NOT NULL,
    CHECK (net + tax = total),
    PRIMARY KEY (invoice_id, line_no)
);
