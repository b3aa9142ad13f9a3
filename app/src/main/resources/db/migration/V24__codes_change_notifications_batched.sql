-- A statement that changes many persons at once (a sealed compound: thousands of residents)
-- names them in notifications of 500 ids each instead of '*', so that instances keep their
-- index of persons with facts instead of reading it all again at the worst moment. Only a
-- statement changing more than 50,000 persons (a recompute of everything) still sends '*'.
CREATE OR REPLACE FUNCTION code_changes_notify() RETURNS trigger
LANGUAGE plpgsql AS
$$
DECLARE
	n     BIGINT;
	batch TEXT;
BEGIN
	SELECT count(*) INTO n FROM changed;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	IF n > 50000 THEN
		PERFORM pg_notify('epigrid_codes', TG_ARGV[0] || ':*');
		RETURN NULL;
	END IF;
	FOR batch IN
		SELECT string_agg(person_id::text, ',')
		FROM (SELECT person_id, (row_number() OVER () - 1) / 500 AS b FROM changed) t
		GROUP BY b
	LOOP
		PERFORM pg_notify('epigrid_codes', TG_ARGV[0] || ':' || batch);
	END LOOP;
	RETURN NULL;
END
$$;
