-- Where persons live and who serves each division, published by population (read-only,
-- issue 15) so that grid operations route tasks to the micro-grid informant or grid worker
-- of a person's household in set-based SQL without naming population's tables: the person
-- view gains the household (a new last column), and the service chain's posts.
CREATE OR REPLACE VIEW population_person_place AS
SELECT id AS person_id, path, household_id
FROM person
WHERE merged_into IS NULL;

CREATE VIEW population_staff_post AS
SELECT s.division_id, d.path, d.level, s.role, s.username
FROM grid_staff s
JOIN division d ON d.id = s.division_id;
