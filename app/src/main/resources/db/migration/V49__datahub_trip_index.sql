-- Fellow travellers (issue 14, tracing): inbound traveller records by their train or flight
-- number (upper case, without spaces) and arrival, so the persons on a case's train or
-- flight are found by an index range.
CREATE INDEX source_record_trip_idx ON source_record (upper(replace(fields ->> 'trainOrFlight', ' ', '')), occurred_at)
	WHERE category = 'INBOUND_TRAVELLER' AND person_id IS NOT NULL;
