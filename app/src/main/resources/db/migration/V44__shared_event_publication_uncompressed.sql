-- The outbox's events are stored as they are, not compressed: a city's test results travel
-- as events of 100,000 persons (2.6 MB of JSON each), and compressing one (pglz, the only
-- method of the embedded server) took ~100 ms inside every lab delivery's transaction,
-- for a saving of ~40 % of its bytes.
ALTER TABLE event_publication ALTER COLUMN serialized_event SET STORAGE EXTERNAL;
