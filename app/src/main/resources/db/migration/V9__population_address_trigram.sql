-- Address similarity for identity resolution (pg_trgm, created in V2).
CREATE INDEX household_address_trgm_idx ON household USING gin (address gin_trgm_ops);
