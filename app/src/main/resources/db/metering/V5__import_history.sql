-- Who delivered a batch through the API or a file import, so the console can list the imports with
-- their importer. Null for the head-end, the estimator and the demo. The name is kept as it was at the
-- time (like meter_command.operator_name): identity's users are not joined across schemas.
ALTER TABLE reading_batch ADD COLUMN imported_by bigint;
ALTER TABLE reading_batch ADD COLUMN imported_by_name varchar(100);
ALTER TABLE reading_batch ADD COLUMN file_name varchar(255);

-- The import history lists one source newest first.
CREATE INDEX reading_batch_by_source ON reading_batch (source, received_at DESC);

-- The branches of the meters a batch holds readings of: staff see the batches of their branches only.
ALTER TABLE reading_batch ADD COLUMN branches bigint[];
