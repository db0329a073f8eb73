-- The values a message's template was rendered with, per delivery: SMS providers keep their own
-- copies of the templates and are given these instead of the text. Like the body of a secret
-- template, they are cleared once the delivery is done (sent or dead), so no code outlives its use.
-- Null for deliveries queued before this column existed.
alter table delivery add column parameters jsonb;
