-- Reward points (积分, PAY-5) per supply account, and the points mall (ADR 0015). Entries are facts: the balance is
-- their sum, cached on the account row (which the writers lock); every entry has a key, unique, so an event or a
-- request delivered again writes nothing.
CREATE TABLE points_account (
    supply_account_id bigint PRIMARY KEY,
    balance           bigint NOT NULL DEFAULT 0 CHECK (balance >= 0)
);

CREATE TABLE points_entry (
    entry_id          bigserial PRIMARY KEY,
    supply_account_id bigint NOT NULL REFERENCES points_account (supply_account_id),
    kind              text NOT NULL CHECK (kind IN ('EARN', 'TAKE_BACK', 'REDEEM', 'EXPIRE')),
    points            bigint NOT NULL CHECK (points <> 0 AND (points > 0) = (kind = 'EARN')),
    idempotency_key   text COLLATE "C" NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 250),
    at                timestamptz NOT NULL,
    posting_id        bigint,       -- EARN, TAKE_BACK: the ledger posting that earned (taken back: the one reversed)
    earned_year       int,          -- EARN, TAKE_BACK: the year the points were earned; EXPIRE: the year expiring
    rule_version      int,          -- EARN: the earning rules' version used
    redemption_id     bigint,       -- REDEEM
    CHECK ((kind IN ('EARN', 'TAKE_BACK', 'EXPIRE')) = (earned_year IS NOT NULL))
);
CREATE INDEX points_entry_account ON points_entry (supply_account_id, entry_id);
CREATE INDEX points_entry_posting ON points_entry (posting_id) WHERE posting_id IS NOT NULL;
CREATE INDEX points_entry_unexpired ON points_entry (earned_year) WHERE kind = 'EARN';

-- the expiry job's record: an account's points earned up to a year were looked at (and expired, if any were left)
CREATE TABLE points_expiry_run (
    supply_account_id bigint NOT NULL REFERENCES points_account (supply_account_id),
    earned_year       int NOT NULL,
    points            bigint NOT NULL CHECK (points >= 0),
    at                timestamptz NOT NULL,
    PRIMARY KEY (supply_account_id, earned_year)
);

CREATE TABLE mall_item (
    item_id        bigserial PRIMARY KEY,
    name_zh        text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 40),
    name_en        text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    description_zh text NOT NULL DEFAULT '' CHECK (length(description_zh) <= 200),
    description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 300),
    price_points   bigint NOT NULL CHECK (price_points > 0),
    stock          int NOT NULL CHECK (stock >= 0),           -- never below zero, whoever redeems at once
    active         boolean NOT NULL DEFAULT true,
    version        int NOT NULL DEFAULT 0
);

CREATE TABLE redemption (
    redemption_id     bigserial PRIMARY KEY,
    supply_account_id bigint NOT NULL REFERENCES points_account (supply_account_id),
    item_id           bigint NOT NULL REFERENCES mall_item (item_id),
    quantity          int NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    points            bigint NOT NULL CHECK (points > 0),
    idempotency_key   text COLLATE "C" NOT NULL UNIQUE,
    redeemed_by       bigint NOT NULL,     -- the portal user
    at                timestamptz NOT NULL
);
CREATE INDEX redemption_account ON redemption (supply_account_id, redemption_id);
