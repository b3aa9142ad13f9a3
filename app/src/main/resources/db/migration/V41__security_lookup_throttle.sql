-- Public look-ups by id (a test certificate's verification) are limited per client
-- address: misses (ids that are not there) are counted, so that nobody can walk the id
-- space, while a checkpoint verifying many real certificates is never slowed.
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_scope_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_scope_check
	CHECK (scope IN ('ACCOUNT', 'CLIENT', 'CODE_SEND', 'LOOKUP_MISS'));
