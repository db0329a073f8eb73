-- Faults detected from the meters are suggested on the highest node that explains them (issue 11 section 2,
-- ADR 0013): a substation when its lines go dark together, a meter box when only its meters do. A loss keeps its
-- box; a suggestion keeps the substation it was judged under (a substation's has no line).
ALTER TABLE meter_loss ADD COLUMN box_id bigint;

ALTER TABLE outage_suggestion ADD COLUMN substation_id bigint;
ALTER TABLE outage_suggestion ALTER COLUMN line_id DROP NOT NULL;
ALTER TABLE outage_suggestion DROP CONSTRAINT outage_suggestion_node_type_check;
ALTER TABLE outage_suggestion ADD CONSTRAINT outage_suggestion_node_type_check
    CHECK (node_type IN ('SUBSTATION', 'LINE', 'AREA', 'BOX'));
CREATE INDEX outage_suggestion_open_by_substation ON outage_suggestion (substation_id)
    WHERE status IN ('SUGGESTED', 'CONFIRMED', 'RESTORATION_SUGGESTED');
