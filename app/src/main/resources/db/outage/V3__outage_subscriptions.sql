-- Subscriptions (OUT-2): a portal user hears the notices of an account or a whole transformer area as if affected,
-- through their own channel choices for outage notices.
CREATE TABLE subscription (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('ACCOUNT', 'AREA')),
    target_id   bigint      NOT NULL,
    label       text        NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (user_id, kind, target_id)
);
CREATE INDEX subscription_by_target ON subscription (kind, target_id);
