-- Every instance keeps health-code statuses in memory for the gates (thousands of scans a
-- second cannot each ask the database). These triggers tell every instance, when a
-- transaction commits, which persons' facts or statuses changed: NOTIFY is delivered only
-- on commit and in commit order, so no instance keeps a status another one replaced.
-- Payload: 'f:' (facts) or 's:' (statuses) and up to 500 person ids separated by commas,
-- or 'f:*' / 's:*' when a statement changed more (the instances then start afresh).
CREATE FUNCTION code_changes_notify() RETURNS trigger
LANGUAGE plpgsql AS
$$
DECLARE
	n   BIGINT;
	ids TEXT;
BEGIN
	SELECT count(*) INTO n FROM changed;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	IF n > 500 THEN
		PERFORM pg_notify('epigrid_codes', TG_ARGV[0] || ':*');
	ELSE
		SELECT string_agg(person_id::text, ',') INTO ids FROM changed;
		PERFORM pg_notify('epigrid_codes', TG_ARGV[0] || ':' || ids);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER code_fact_inserted AFTER INSERT ON code_fact
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify('f');
CREATE TRIGGER code_fact_updated AFTER UPDATE ON code_fact
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify('f');
CREATE TRIGGER code_status_inserted AFTER INSERT ON code_status
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify('s');
CREATE TRIGGER code_status_updated AFTER UPDATE ON code_status
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify('s');

CREATE FUNCTION code_changes_notify_all() RETURNS trigger
LANGUAGE plpgsql AS
$$
BEGIN
	PERFORM pg_notify('epigrid_codes', TG_ARGV[0] || ':*');
	RETURN NULL;
END
$$;

CREATE TRIGGER code_fact_truncated AFTER TRUNCATE ON code_fact
	FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify_all('f');
CREATE TRIGGER code_status_truncated AFTER TRUNCATE ON code_status
	FOR EACH STATEMENT EXECUTE FUNCTION code_changes_notify_all('s');
