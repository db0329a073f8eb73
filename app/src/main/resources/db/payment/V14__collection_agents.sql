-- Collection agents (代收, 银电联网实时代收; ADR 0020): banks' phone and online banking, post offices and other agents
-- query what an account owes, pay it, reverse a payment of the same accounting day (冲正) and send a daily
-- reconciliation file (对账文件). Their money is a PAYMENT on the AGENT book, once per agent and serial.
ALTER TABLE posting DROP CONSTRAINT posting_channel_check;
ALTER TABLE posting ADD CONSTRAINT posting_channel_check
    CHECK (channel IN ('CASH', 'CARD', 'GATEWAY', 'BANK', 'VOUCHER', 'AGENT'));
ALTER TABLE entry DROP CONSTRAINT entry_book_check;
ALTER TABLE entry ADD CONSTRAINT entry_book_check CHECK (book IN ('RECEIVABLE', 'PREPAID', 'CASH', 'CARD', 'GATEWAY',
                                                                 'BANK', 'REVENUE', 'PENALTY_INCOME', 'ADJUSTMENT',
                                                                 'VOUCHER', 'AGENT'));

-- an agent and its signing key (HMAC-SHA256), sealed with the personal data vault (field payment.agent.key)
CREATE TABLE collection_agent (
    agent_code        text COLLATE "C" PRIMARY KEY CHECK (agent_code ~ '^[A-Z0-9]{3,16}$'),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    signing_key       bytea NOT NULL,
    key_fingerprint   text NOT NULL CHECK (key_fingerprint ~ '^[0-9a-f]{16}$'), -- SHA-256 of the key, first 8 bytes
    enabled           boolean NOT NULL,
    created_at        timestamptz NOT NULL
);

-- nonces of accepted requests: the same one again is a replay (purged after the time window)
CREATE TABLE agent_nonce (
    agent_code        text COLLATE "C" NOT NULL,
    nonce             text COLLATE "C" NOT NULL CHECK (length(nonce) BETWEEN 8 AND 64),
    seen_at           timestamptz NOT NULL,
    PRIMARY KEY (agent_code, nonce)
);
CREATE INDEX agent_nonce_seen ON agent_nonce (seen_at);

-- one row per agent and serial (流水号): PAID and then perhaps REVERSED (冲正) once; BLOCKED when the reversal came
-- before the payment (the payment is then refused, never taken)
CREATE TABLE agent_payment (
    agent_code          text COLLATE "C" NOT NULL REFERENCES collection_agent (agent_code),
    serial              text COLLATE "C" NOT NULL CHECK (serial ~ '^[0-9A-Za-z]{1,32}$'),
    state               text NOT NULL CHECK (state IN ('PAID', 'REVERSED', 'BLOCKED')),
    request_sha256      text CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),    -- the pay request's fields
    supply_account_id   bigint,
    account_number      text,
    amount              bigint CHECK (amount > 0),                          -- fen
    agent_date          date,                                               -- the agent's accounting date
    accounting_date     date NOT NULL,                                      -- ours (Beijing, after the cut-off the next)
    paid_at             timestamptz,
    posting_id          bigint REFERENCES posting (posting_id),
    reversal_serial     text COLLATE "C" CHECK (reversal_serial ~ '^[0-9A-Za-z]{1,32}$'),
    reversed_at         timestamptz,
    reversal_posting_id bigint REFERENCES posting (posting_id),
    PRIMARY KEY (agent_code, serial),
    CHECK ((state = 'BLOCKED') = (posting_id IS NULL)),
    CHECK (state = 'BLOCKED' OR (request_sha256 IS NOT NULL AND amount IS NOT NULL AND paid_at IS NOT NULL)),
    CHECK ((state = 'REVERSED') = (reversal_posting_id IS NOT NULL)),
    CHECK (state = 'PAID' OR (reversal_serial IS NOT NULL AND reversed_at IS NOT NULL))
);
CREATE INDEX agent_payment_day ON agent_payment (agent_code, accounting_date);

-- an agent's reconciliation file of a day, as sent (the last one counts), matched against our payments and the ledger
CREATE TABLE agent_reconciliation (
    agent_code        text COLLATE "C" NOT NULL REFERENCES collection_agent (agent_code),
    day               date NOT NULL,
    received_at       timestamptz NOT NULL,
    file              bytea NOT NULL,
    file_sha256       text NOT NULL,
    lines             int NOT NULL,
    agent_sum         bigint NOT NULL,     -- fen, the file's collections not reversed
    our_count         int NOT NULL,
    our_sum           bigint NOT NULL,     -- fen, our payments of the day not reversed
    ledger_sum        bigint NOT NULL,     -- fen, their net postings on the AGENT book
    matched           int NOT NULL,
    PRIMARY KEY (agent_code, day)
);

-- what did not match, once per agent, day, kind and serial; a person resolves it with a note
CREATE TABLE agent_discrepancy (
    discrepancy_id    bigserial PRIMARY KEY,
    agent_code        text COLLATE "C" NOT NULL,
    day               date NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('MISSING_AT_US', 'MISSING_AT_GATEWAY', 'DUPLICATE',
                                                    'AMOUNT_MISMATCH', 'ORDER_MISMATCH')),
    serial            text COLLATE "C" NOT NULL,
    account_number    text,
    agent_amount      bigint,
    our_amount        bigint,
    ledger_amount     bigint,
    found_at          timestamptz NOT NULL,
    state             text NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
    resolution        text CHECK (resolution IN ('CREDITED', 'REVERSED', 'ACCEPTED')),
    note              text CHECK (length(note) <= 500),
    resolved_by       bigint,
    resolved_by_name  text,
    resolved_at       timestamptz,
    posting_id        bigint REFERENCES posting (posting_id),
    FOREIGN KEY (agent_code, day) REFERENCES agent_reconciliation (agent_code, day),
    UNIQUE (agent_code, day, kind, serial),
    CHECK ((state = 'RESOLVED') = (resolution IS NOT NULL AND resolved_at IS NOT NULL AND note IS NOT NULL))
);
