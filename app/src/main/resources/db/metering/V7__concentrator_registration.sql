-- The concentrators and DTUs of the archive (issue 7): only these may register with the head-end. A registration
-- secret is kept only as a keyed hash (HMAC-SHA256 under the deployment's lookup key), never in clear.
CREATE TABLE concentrator (
    concentrator_id varchar(12) PRIMARY KEY CHECK (concentrator_id ~ '^[0-9A-Z]{12}$'),
    secret_hash     bytea,
    secret_set_at   timestamptz
);
INSERT INTO concentrator (concentrator_id)
SELECT DISTINCT concentrator_id FROM meter WHERE concentrator_id IS NOT NULL
ON CONFLICT DO NOTHING;
