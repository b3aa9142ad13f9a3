-- Inbound screening (来X必知, MISSION A7, A8): who came from, is coming from or is still in an
-- outbreak city. The screening asks "records of a category whose place field contains the
-- city, in a time window". Place names are free text ("湖北省武汉市", "武汉", "武汉（汉口）"), so
-- "contains" cannot be a btree range; and city names are often two characters, which pg_trgm
-- cannot index. So place fields are indexed by their character bigrams: the query asks for
-- records whose bigrams contain the city's (GIN), then checks the text itself.

CREATE FUNCTION datahub_bigrams(value TEXT) RETURNS TEXT[]
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS
$$
SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
FROM generate_series(1, char_length(value) - 1) AS i
$$;

-- btree_gin puts the time window into the same GIN index, so that a city with years of
-- arrivals is narrowed to the window's records before the table is read. The time is
-- indexed by UTC day, not to the second: a few hundred keys with long, compressed posting
-- lists instead of one key per second; the query checks the exact time on the rows.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX source_record_origin_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'originCity'), (CAST(occurred_at AT TIME ZONE 'UTC' AS date)))
	WHERE category = 'INBOUND_TRAVELLER';
-- an inbound traveller's destination is normally here, so few name the outbreak city: no day
-- key, which would make the index read the whole window to find nothing
CREATE INDEX source_record_destination_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'destination')) WHERE category = 'INBOUND_TRAVELLER';
-- letters without an exposure time count by the time they were imported
CREATE INDEX source_record_risk_area_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'riskArea'), (CAST(coalesce(occurred_at, created_at) AT TIME ZONE 'UTC' AS date)))
	WHERE category = 'ASSISTANCE_LETTER';
