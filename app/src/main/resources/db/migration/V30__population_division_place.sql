-- Where each division lies, published by population (read-only) so that other modules can
-- join their own rows to a division's path and place in SQL without naming population's
-- tables (issue 12: codes placed devices and venues placed venues and compounds by reading
-- `division` by name). A plain view: the planner inlines it, so lookups by id and the
-- jurisdiction's path ranges use division's own indexes.
CREATE VIEW population_division_place AS
SELECT id, path, level, centroid_lon, centroid_lat
FROM division;
