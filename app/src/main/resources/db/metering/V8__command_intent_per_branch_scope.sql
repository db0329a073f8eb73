-- Intent ids are unique per branch scope, not globally: reusing another branch's intent id is a new
-- command, never a 409 that would tell the id exists. '*' is the scope of staff who see every branch
-- (and of the commands stored before this version); otherwise the caller's sorted branch ids, e.g. '3,7'.
ALTER TABLE meter_command ADD COLUMN intent_scope varchar(200) NOT NULL DEFAULT '*';
ALTER TABLE meter_command DROP CONSTRAINT meter_command_intent_id_key;
ALTER TABLE meter_command ADD CONSTRAINT meter_command_intent_in_scope UNIQUE (intent_scope, intent_id);
ALTER TABLE meter_command ALTER COLUMN intent_scope DROP DEFAULT;
