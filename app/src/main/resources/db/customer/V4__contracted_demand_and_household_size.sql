-- What billing needs from the customer record (issue 9): the contracted maximum demand (合同最大需量) of a two-part
-- customer billed on demand, whose excess is charged apart and audited, and the household size (户籍人口) that gives
-- a large household its larger tier quotas. Both may be unknown (null); a demand never exceeds the capacity.
ALTER TABLE customer ADD COLUMN contracted_demand_kw int CHECK (contracted_demand_kw > 0),
                     ADD COLUMN household_size smallint CHECK (household_size BETWEEN 1 AND 99),
                     ADD CONSTRAINT customer_demand_within_capacity
                         CHECK (contracted_demand_kw IS NULL OR contracted_kva IS NULL OR contracted_demand_kw <= contracted_kva);
