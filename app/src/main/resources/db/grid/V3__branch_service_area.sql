-- The kind of place a branch serves (城市/农村/边远), which sets the repair service commitment (issue 11, OUT-5).
-- Existing branches count as cities, the strictest commitment, until classified.
ALTER TABLE branch ADD COLUMN service_area text NOT NULL DEFAULT 'CITY'
    CHECK (service_area IN ('CITY', 'COUNTRYSIDE', 'REMOTE'));
