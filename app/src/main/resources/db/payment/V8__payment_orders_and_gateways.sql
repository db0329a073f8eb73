-- Payment orders through online gateways (ADR 0016): a portal customer pays bills of one or several supply accounts,
-- or tops one up, through WeChat Pay or Alipay. The ledger posting is made when the gateway says the money arrived,
-- once per gateway transaction.

CREATE TABLE payment_order (
    order_id          bigserial PRIMARY KEY,
    order_number      text COLLATE "C" NOT NULL UNIQUE CHECK (order_number ~ '^[0-9A-Z]{6,32}$'), -- out_trade_no
    user_id           bigint NOT NULL,                                   -- the portal customer who ordered
    kind              text NOT NULL CHECK (kind IN ('PAYMENT', 'TOP_UP')),
    gateway           text NOT NULL CHECK (gateway IN ('WECHAT', 'ALIPAY')),
    amount            bigint NOT NULL CHECK (amount > 0),                -- fen, the sum of the lines
    state             text NOT NULL CHECK (state IN ('CREATED', 'PAID', 'CLOSED', 'UNKNOWN')),
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    code_url          text CHECK (length(code_url) <= 500),              -- what the cashier's QR code holds
    paid_at           timestamptz,
    closed_at         timestamptz,
    transaction_id    text CHECK (length(transaction_id) <= 64),         -- the gateway's trade number, when PAID
    posting_id        bigint REFERENCES posting (posting_id),
    -- the janitor's schedule: when to ask the gateway next, and how often it has asked
    next_query_at     timestamptz,
    query_attempts    int NOT NULL DEFAULT 0,
    CHECK ((state = 'PAID') = (transaction_id IS NOT NULL AND posting_id IS NOT NULL AND paid_at IS NOT NULL)),
    CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX payment_order_user ON payment_order (user_id, created_at DESC);
CREATE INDEX payment_order_due ON payment_order (next_query_at) WHERE state IN ('CREATED', 'UNKNOWN');

-- what each supply account receives of an order (PAY-8: a group's subsidiaries, a family's homes in several branches)
CREATE TABLE payment_order_line (
    order_id          bigint NOT NULL REFERENCES payment_order (order_id),
    supply_account_id bigint NOT NULL,
    amount            bigint NOT NULL CHECK (amount > 0),
    bills             bigint[] NOT NULL DEFAULT '{}',                   -- the bills chosen; empty: oldest open first
    PRIMARY KEY (order_id, supply_account_id)
);

-- money a gateway says it took, once per gateway transaction: the idempotent crediting record. A payment after the
-- order was closed (or a second one for a paid order) is credited too, as a top-up (预存): money is never lost.
CREATE TABLE gateway_payment (
    gateway           text NOT NULL CHECK (gateway IN ('WECHAT', 'ALIPAY')),
    transaction_id    text NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    order_id          bigint NOT NULL REFERENCES payment_order (order_id),
    amount            bigint NOT NULL CHECK (amount > 0),
    paid_at           timestamptz NOT NULL,
    credited_at       timestamptz NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('PAYMENT', 'TOP_UP')),
    source            text NOT NULL CHECK (source IN ('NOTIFICATION', 'QUERY')),
    posting_id        bigint NOT NULL REFERENCES posting (posting_id),
    PRIMARY KEY (gateway, transaction_id)
);
CREATE INDEX gateway_payment_order ON gateway_payment (order_id);
CREATE INDEX gateway_payment_day ON gateway_payment (gateway, paid_at);

-- nonces (WeChat) and signatures (Alipay) of accepted notifications: the same one again is a replay
CREATE TABLE gateway_nonce (
    gateway           text NOT NULL,
    nonce             text COLLATE "C" NOT NULL CHECK (length(nonce) BETWEEN 1 AND 128),
    seen_at           timestamptz NOT NULL,
    PRIMARY KEY (gateway, nonce)
);
CREATE INDEX gateway_nonce_seen ON gateway_nonce (seen_at);

CREATE SEQUENCE payment_order_number;
