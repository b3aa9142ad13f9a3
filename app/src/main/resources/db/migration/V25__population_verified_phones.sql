-- A phone that came from an import is a contact hint, not a login credential (found by
-- trying: a department's CSV gave a person a new phone, information completion filled it,
-- and a resident login with that phone opened the person's health code). A resident logs
-- in only with a phone verified for the person: registered by staff, from a source the
-- data officer marks as authoritative for phones, or confirmed by staff after an identity
-- check. phone_source says where the phone came from (STAFF, REGISTERED, or a source code).
--
-- Phones stored before this version were registered by staff or loaded as the population
-- base (the demo town): verified, without rewriting the table; the default for new rows
-- is unverified, so that a path that forgets to say is safe.
ALTER TABLE person ADD COLUMN phone_verified BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE person ALTER COLUMN phone_verified SET DEFAULT FALSE;
ALTER TABLE person ADD COLUMN phone_source TEXT COLLATE "C" CHECK (length(phone_source) <= 64);

-- phones that came from records: filled by completion, or on provisional persons
UPDATE person p SET phone_verified = FALSE, phone_source = c.source
FROM person_completion c
WHERE c.person_id = p.id AND c.field = 'phone' AND c.value = p.phone;
UPDATE person SET phone_verified = FALSE, phone_source = left(coalesce(provisional_source, 'IMPORT'), 64)
WHERE provisional AND phone IS NOT NULL AND phone_source IS NULL;
