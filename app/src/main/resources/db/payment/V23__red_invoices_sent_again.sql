-- A red invoice (红字发票) the tax platform refused is sent again (issue #10, ADR 0021): a new red invoice for the
-- same blue one, under a new serial number, by the worker after a back-off up to a number of times, then by staff from
-- the console. retry_of names the refused red invoice it sends again; retry counts the worker's retries since the
-- first request or a person's (0 for those), so the worker's budget starts again when staff send it again.
ALTER TABLE invoice
    ADD COLUMN retry_of bigint REFERENCES invoice (invoice_id),
    ADD COLUMN retry    int NOT NULL DEFAULT 0 CHECK (retry >= 0),
    ADD CONSTRAINT invoice_retry_is_red CHECK (retry_of IS NULL OR kind = 'RED'),
    ADD CONSTRAINT invoice_retry_counted CHECK (retry = 0 OR retry_of IS NOT NULL);
-- each refused red invoice is sent again once
CREATE UNIQUE INDEX invoice_one_retry ON invoice (retry_of);
