-- Transmission chains (issue 14): who infected whom among cases. The computation links a
-- case to the case it was a direct (close or general) contact of, whichever of the two
-- fell ill or tested positive first being the infector; an investigator may set the
-- infector by hand, and the computation never changes a link made by hand.
CREATE TABLE tracing_link
(
	infectee_case_id BIGINT PRIMARY KEY REFERENCES tracing_case (id),
	infector_case_id BIGINT NOT NULL REFERENCES tracing_case (id),
	level            TEXT CHECK (level IN ('CLOSE', 'GENERAL')),
	evidence         JSONB NOT NULL,
	candidates       INT NOT NULL CHECK (candidates >= 1),
	linked_at        TIMESTAMPTZ NOT NULL,
	linked_by        TEXT NOT NULL CHECK (length(linked_by) <= 64),
	note             TEXT CHECK (length(note) <= 500),
	CHECK (infectee_case_id <> infector_case_id)
);
CREATE INDEX tracing_link_infector_idx ON tracing_link (infector_case_id);
