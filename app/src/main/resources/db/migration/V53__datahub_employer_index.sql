-- Colleagues (issue 14, tracing): employer staff lists by their employer's name (upper case,
-- without spaces), so the colleagues of a case are found by an index range.
CREATE INDEX source_record_employer_idx ON source_record (upper(replace(fields ->> 'employer', ' ', '')))
	WHERE category = 'EMPLOYER_STAFF' AND person_id IS NOT NULL;
