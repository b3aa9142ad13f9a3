-- Passes at compounds' checkpoints are personal facts kept as long as check-ins: they are
-- now day-partitioned like check_in and dropped whole once past the retention (issue 12),
-- instead of trimmed by DELETE. The days are those of the platform's zone (Asia/Shanghai),
-- as for check_in; the platform makes the partitions of today and the next two days at
-- start and hourly, and drops the old ones. The passes kept so far move across, into
-- partitions of their days made here. The primary key includes the partition key (as
-- PostgreSQL requires); ids continue.
CREATE TABLE checkpoint_pass_partitioned
(
	id            BIGINT GENERATED ALWAYS AS IDENTITY,
	passed_at     TIMESTAMPTZ NOT NULL,
	device_id     BIGINT NOT NULL,
	compound_path TEXT COLLATE "C" NOT NULL,
	person_id     BIGINT,
	direction     TEXT NOT NULL CHECK (direction IN ('IN', 'OUT')),
	temperature   NUMERIC(3, 1) NOT NULL,
	mask          BOOLEAN NOT NULL,
	result        TEXT NOT NULL,
	allowed       BOOLEAN NOT NULL,
	reasons       TEXT[] NOT NULL,
	PRIMARY KEY (id, passed_at)
) PARTITION BY RANGE (passed_at);

DO
$$
	DECLARE
		pass_day DATE;
	BEGIN
		FOR pass_day IN SELECT DISTINCT (passed_at AT TIME ZONE 'Asia/Shanghai')::date FROM checkpoint_pass
			LOOP
				EXECUTE format('CREATE TABLE %I PARTITION OF checkpoint_pass_partitioned FOR VALUES FROM (%L) TO (%L)',
				               'checkpoint_pass_' || to_char(pass_day, 'YYYYMMDD'),
				               pass_day::timestamp AT TIME ZONE 'Asia/Shanghai',
				               (pass_day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai');
			END LOOP;
	END
$$;

INSERT INTO checkpoint_pass_partitioned (id, passed_at, device_id, compound_path, person_id, direction, temperature,
                                         mask, result, allowed, reasons) OVERRIDING SYSTEM VALUE
SELECT id, passed_at, device_id, compound_path, person_id, direction, temperature, mask, result, allowed, reasons
FROM checkpoint_pass;

SELECT setval(pg_get_serial_sequence('checkpoint_pass_partitioned', 'id'),
              COALESCE((SELECT max(id) FROM checkpoint_pass), 0) + 1, false);

DROP TABLE checkpoint_pass;
ALTER TABLE checkpoint_pass_partitioned RENAME TO checkpoint_pass;
ALTER SEQUENCE checkpoint_pass_partitioned_id_seq RENAME TO checkpoint_pass_id_seq;
CREATE INDEX checkpoint_pass_compound_idx ON checkpoint_pass (compound_path, passed_at);
CREATE INDEX checkpoint_pass_person_idx ON checkpoint_pass (person_id, passed_at) WHERE person_id IS NOT NULL;
