-- The language a user reads notices in (issue 11): set from the portal when they switch language; null means zh-CN.
-- Bulk notices (outage notices) are rendered in each user's language.
ALTER TABLE contact ADD COLUMN language text CHECK (language IN ('zh-CN', 'en'));
