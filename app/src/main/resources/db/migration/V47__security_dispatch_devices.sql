-- The 120 ambulance dispatch system reports transfers back with its own device token
-- (issue 14): a new device kind.
ALTER TABLE api_token DROP CONSTRAINT api_token_device_kind_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_device_kind_check
	CHECK (device_kind IN ('GATE', 'VENUE', 'CHECKPOINT', 'LAB', 'DISPATCH'));
