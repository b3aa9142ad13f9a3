-- Merging two persons who are one (a mistake in the base data): the duplicate stays, marked
-- as merged into the survivor, until the merge is undone.
ALTER TABLE person ADD COLUMN merged_into BIGINT REFERENCES person (id);
CREATE INDEX person_merged_into_idx ON person (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE person_merge
(
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	survivor_id  BIGINT NOT NULL REFERENCES person (id),
	duplicate_id BIGINT NOT NULL REFERENCES person (id),
	reason       TEXT NOT NULL,
	merged_by    TEXT NOT NULL,
	merged_at    TIMESTAMPTZ NOT NULL,
	undone_by    TEXT,
	undone_at    TIMESTAMPTZ,
	CHECK (survivor_id <> duplicate_id)
);
-- a person can be the duplicate of one live merge only
CREATE UNIQUE INDEX person_merge_live_uq ON person_merge (duplicate_id) WHERE undone_at IS NULL;
