-- Facts now arrive 100,000 persons a statement (a lab delivery's test results, issue 13): such
-- a statement names its persons in notifications of 500 ids like any other, instead of '*',
-- which made every instance read the ids of everyone with facts again (9,000,000 ids, each
-- time). Only a statement changing more than 100,000 persons still sends '*'.
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
	IF n > 100000 THEN
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
