-- Inbound screening reads the arrivals of thousands of persons in a window of days: with the
-- time in the index, a person's older records (a year of trips) are never read. The dossier
-- and relinking use the person prefix as before.
CREATE INDEX source_record_person_time_idx ON source_record (person_id, occurred_at);
DROP INDEX source_record_person_idx;
-- and a person's assistance letters without reading their other records
CREATE INDEX source_record_person_letters_idx ON source_record (person_id) WHERE category = 'ASSISTANCE_LETTER';
