-- Passes at residential compounds' checkpoints (C8, C9): each way in or out, with the
-- temperature and mask read at the gate and the decision. Kept as long as check-ins
-- (epigrid.codes.check-in-retention), deleted hourly.
CREATE TABLE checkpoint_pass
(
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	passed_at     TIMESTAMPTZ NOT NULL,
	device_id     BIGINT NOT NULL,
	compound_path TEXT COLLATE "C" NOT NULL,
	person_id     BIGINT,
	direction     TEXT NOT NULL CHECK (direction IN ('IN', 'OUT')),
	temperature   NUMERIC(3, 1) NOT NULL,
	mask          BOOLEAN NOT NULL,
	result        TEXT NOT NULL,
	allowed       BOOLEAN NOT NULL,
	reasons       TEXT[] NOT NULL
);
CREATE INDEX checkpoint_pass_compound_idx ON checkpoint_pass (compound_path, passed_at);
CREATE INDEX checkpoint_pass_person_idx ON checkpoint_pass (person_id, passed_at) WHERE person_id IS NOT NULL;
CREATE INDEX checkpoint_pass_time_idx ON checkpoint_pass (passed_at);
