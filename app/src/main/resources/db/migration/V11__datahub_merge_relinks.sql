-- Source records moved to the survivor of a person merge, remembered so that undoing the merge
-- puts each back where it was.
CREATE TABLE source_record_relink
(
	merge_id       BIGINT NOT NULL,
	record_id      BIGINT NOT NULL REFERENCES source_record (id),
	from_person_id BIGINT NOT NULL,
	PRIMARY KEY (merge_id, record_id)
);
