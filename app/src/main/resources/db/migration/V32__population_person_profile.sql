-- What other modules may read about a person to build their own lists (issue 13: testing's
-- round populations and untested lists), published by population (read-only) so that they
-- do not name population's tables. Merged-away duplicates are left out. A plain view: the
-- planner inlines it (a jurisdiction's range still uses person's (path, name) index).
CREATE VIEW population_person_profile AS
SELECT p.id AS person_id, p.path, p.household_id, p.population_type, p.tags, p.workplace, p.name,
       p.document_type, p.document_number, p.phone, p.birth_date, h.address
FROM person p
LEFT JOIN household h ON h.id = p.household_id
WHERE p.merged_into IS NULL;
