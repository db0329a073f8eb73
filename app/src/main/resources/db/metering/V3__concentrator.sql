-- Which concentrator or DTU a meter sits behind, from the meter archive (集中器档案): the head-end asks
-- there first instead of asking every link.
ALTER TABLE meter ADD COLUMN concentrator_id varchar(12);
