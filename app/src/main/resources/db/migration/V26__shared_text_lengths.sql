-- Every text people or departments type has a length limit: checked where requests are
-- validated, and here again so that no other path stores a megabyte in a name (found by
-- trying: a 1 MiB place of household registration was stored and served back).
-- NOT VALID: rows stored before this version are kept as they are (nothing accepted is
-- lost); every new or changed row is checked.
DO $$
DECLARE
	c record;
BEGIN
	FOR c IN SELECT * FROM (VALUES
		('api_token', 'label', 200), ('api_token', 'device_kind', 20),
		('app_user', 'username', 64), ('app_user', 'display_name', 100), ('app_user', 'jurisdiction_path', 500),
		('audit_log', 'action', 64), ('audit_log', 'channel', 16), ('audit_log', 'client_ip', 64),
		('audit_log', 'purpose', 4000), ('audit_log', 'subject_id', 100), ('audit_log', 'subject_label', 500),
		('audit_log', 'subject_type', 32), ('audit_log', 'username', 64),
		('building', 'name', 100), ('building', 'address', 300), ('building', 'path', 500),
		('building_unit', 'name', 50),
		('code_appeal', 'statement', 2000), ('code_appeal', 'answer', 2000),
		('code_protocol', 'note', 2000), ('code_protocol', 'disease', 100),
		('data_source', 'code', 64), ('data_source', 'name', 200), ('data_source', 'department', 200),
		('data_source', 'contact', 200), ('data_source', 'refresh_schedule', 200), ('data_source', 'category', 64),
		('division', 'code', 32), ('division', 'name', 100), ('division', 'path', 500),
		('grid_staff', 'name', 100), ('grid_staff', 'phone', 32), ('grid_staff', 'username', 64),
		('household', 'room', 50), ('household', 'address', 300), ('household', 'path', 500),
		('import_job', 'file_name', 255),
		('message_outbox', 'recipient', 64), ('message_outbox', 'body', 2000), ('message_outbox', 'purpose', 64),
		('person', 'name', 500), ('person', 'document_number', 64), ('person', 'phone', 32),
		('person', 'hukou_place', 300), ('person', 'workplace', 300), ('person', 'provisional_source', 200),
		('person', 'path', 500),
		('person_completion', 'value', 500), ('person_completion', 'source', 64),
		('person_completion', 'reference', 200),
		('person_merge', 'reason', 2000),
		('record_place', 'name', 300),
		('source_record', 'name', 500), ('source_record', 'id_number', 100), ('source_record', 'phone', 100),
		('venue', 'name', 200), ('venue', 'address', 300), ('venue', 'venue_type', 32)
	) AS t(tbl, col, max)
	LOOP
		EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (length(%I) <= %s) NOT VALID',
			c.tbl, c.tbl || '_' || c.col || '_length', c.col, c.max);
	END LOOP;
END $$;
