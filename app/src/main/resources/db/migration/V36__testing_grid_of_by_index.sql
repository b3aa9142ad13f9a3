-- The grid a path lies in, found through division's unique index on path (the prefixes of
-- the path as an array) instead of a scan of the divisions: it ran once per visitor sampled
-- and cost milliseconds each at a city's scale (issue 13, bench/run-scans.sh).
CREATE OR REPLACE FUNCTION testing_grid_of(p TEXT) RETURNS BIGINT
LANGUAGE sql STABLE AS
$$
SELECT d.id FROM population_division_place d
WHERE d.path = ANY (ARRAY(SELECT left(p, i) FROM generate_series(1, length(p)) AS i WHERE substr(p, i, 1) = '/'))
  AND d.level = 'GRID'
ORDER BY length(d.path) DESC
LIMIT 1
$$;
