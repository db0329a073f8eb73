-- The first answer to every money-moving request, per caller scope and Idempotency-Key (IdempotentRequests,
-- ADR 0012): a repeat with the same request gets it again; another request under the key is refused.
CREATE TABLE idempotent_request (
    scope           text COLLATE "C" NOT NULL,
    idempotency_key text COLLATE "C" NOT NULL,
    operation       text NOT NULL,
    request_hash    text NOT NULL,
    status          int  NOT NULL,
    body            text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotent_request_created ON idempotent_request (created_at);
