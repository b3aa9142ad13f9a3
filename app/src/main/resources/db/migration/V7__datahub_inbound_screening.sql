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

CREATE INDEX source_record_origin_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'originCity')) WHERE category = 'INBOUND_TRAVELLER';
CREATE INDEX source_record_destination_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'destination')) WHERE category = 'INBOUND_TRAVELLER';
CREATE INDEX source_record_risk_area_bigrams_idx ON source_record
	USING gin (datahub_bigrams(fields ->> 'riskArea')) WHERE category = 'ASSISTANCE_LETTER';

-- the time window of arrivals (and of everything else that has a time), per category
CREATE INDEX source_record_category_time_idx ON source_record (category, occurred_at);
