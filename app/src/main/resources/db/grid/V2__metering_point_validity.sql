-- A metering point links a meter to a supply account for a stretch of days, so that a meter can be replaced inside a
-- billing period (the old meter's final read and the new meter's start read both count) and can move between
-- accounts over time. valid_from null: since the meter was installed; valid_to null: still in force. Both days are
-- inclusive: the old meter's last day is valid_to, the new meter's first day is its valid_from.
ALTER TABLE metering_point ADD COLUMN valid_from date, ADD COLUMN valid_to date;
ALTER TABLE metering_point ADD CONSTRAINT metering_point_validity CHECK (valid_to >= valid_from);

-- a meter meters one account at a time: one link in force per meter (covering, so the downstream queries read the
-- account from the index), and one link per meter and first day
ALTER TABLE metering_point DROP CONSTRAINT metering_point_meter;
CREATE UNIQUE INDEX metering_point_meter ON metering_point (meter_id) INCLUDE (supply_account_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX metering_point_meter_from ON metering_point (meter_id, valid_from) NULLS NOT DISTINCT;
