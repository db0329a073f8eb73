-- Reconciliation by branch (issue #10): staff who see some branches list, count and resolve only what concerns their
-- branches, filtered in SQL before a list is cut at its limit.

-- the branches of the supply accounts a discrepancy concerns (ResolvingDiscrepancies places it when it is found):
-- empty when it concerns no account we know (every approver's); NULL until placed (then only staff of all branches see
-- it; the application places what is unplaced when it starts)
ALTER TABLE reconciliation_discrepancy ADD COLUMN branch_ids bigint[];
ALTER TABLE agent_discrepancy ADD COLUMN branch_ids bigint[];
CREATE INDEX reconciliation_discrepancy_unplaced ON reconciliation_discrepancy (discrepancy_id) WHERE branch_ids IS NULL;
CREATE INDEX agent_discrepancy_unplaced ON agent_discrepancy (discrepancy_id) WHERE branch_ids IS NULL;
CREATE INDEX agent_discrepancy_serial ON agent_discrepancy (agent_code, serial);

-- the branch of the account an agent's payment paid (NULL for a blocked serial: no account, every approver's); the
-- ledger's account row holds it since the payment's posting
ALTER TABLE agent_payment ADD COLUMN branch_id bigint;
UPDATE agent_payment p SET branch_id = a.branch_id
FROM ledger_account a WHERE a.supply_account_id = p.supply_account_id;
ALTER TABLE agent_payment ADD CONSTRAINT agent_payment_branch_check CHECK ((branch_id IS NULL) = (supply_account_id IS NULL));
