-- Persons created from an imported record that matched nobody in the population base
-- (e.g. a rail passenger with a valid ID number): flagged until someone confirms them.
ALTER TABLE person ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE person ADD COLUMN provisional_source TEXT;
CREATE INDEX person_provisional_idx ON person (path) WHERE provisional;
-- identity resolution looks persons up by name + phone
CREATE INDEX person_name_phone_idx ON person (phone, name);
