-- What each points account earned in its latest year of earning, net of points taken back (ADR 0015, "The ledger's
-- write earns"): the ledger's write reads it to apply the cap per year without summing the account's entries. It is
-- the sum of the account's EARN and TAKE_BACK entries of earned_year, kept by every writer of those entries.
ALTER TABLE points_account
    ADD COLUMN earned_year    int,
    ADD COLUMN earned_in_year bigint NOT NULL DEFAULT 0;

UPDATE points_account a
   SET earned_year = y.earned_year, earned_in_year = y.points
  FROM (SELECT DISTINCT ON (supply_account_id) supply_account_id, earned_year, sum(points) AS points
          FROM points_entry
         WHERE kind IN ('EARN', 'TAKE_BACK')
         GROUP BY supply_account_id, earned_year
         ORDER BY supply_account_id, earned_year DESC) y
 WHERE a.supply_account_id = y.supply_account_id;
