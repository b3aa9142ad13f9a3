-- Where each person lives, published by population (read-only) so that other modules can
-- filter their own rows by the caller's jurisdiction in SQL without naming population's
-- tables (issue 11: the health-code colour counts were counted for the whole country
-- whoever asked). Merged-away duplicates are left out. A plain view: the planner inlines it,
-- so a jurisdiction's range uses person's (path, name) index.
CREATE VIEW population_person_place AS
SELECT id AS person_id, path
FROM person
WHERE merged_into IS NULL;
