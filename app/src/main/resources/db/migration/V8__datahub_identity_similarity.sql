-- Identity resolution by name + birth date + address similarity, and manual links from the
-- match queue (who linked, when).
ALTER TABLE source_record DROP CONSTRAINT source_record_link_method_check;
ALTER TABLE source_record ADD CONSTRAINT source_record_link_method_check
	CHECK (link_method IN ('ID_NUMBER', 'NAME_PHONE', 'NAME_BIRTH_ADDRESS', 'PROVISIONAL', 'MANUAL'));
ALTER TABLE source_record ADD COLUMN linked_by TEXT;
ALTER TABLE source_record ADD COLUMN linked_at TIMESTAMPTZ;
