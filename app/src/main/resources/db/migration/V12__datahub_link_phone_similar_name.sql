-- Identity resolution: a phone that identifies one person whose name differs from the record's
-- by one character of the given name (a typo).
ALTER TABLE source_record DROP CONSTRAINT source_record_link_method_check;
ALTER TABLE source_record ADD CONSTRAINT source_record_link_method_check
	CHECK (link_method IN ('ID_NUMBER', 'NAME_PHONE', 'PHONE_SIMILAR_NAME', 'NAME_BIRTH_ADDRESS', 'PROVISIONAL', 'MANUAL'));
