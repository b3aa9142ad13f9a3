-- Login throttling (issue 11): failed logins per account and per client address, and
-- resident one-time code sends per client address. One row per (scope, subject); rows of
-- quiet subjects are deleted by the platform.
CREATE TABLE login_throttle
(
	scope        TEXT    NOT NULL CHECK (scope IN ('ACCOUNT', 'CLIENT', 'CODE_SEND')),
	-- the login name as typed (ACCOUNT) or the client address (CLIENT, CODE_SEND)
	subject      TEXT    NOT NULL CHECK (length(subject) <= 64),
	-- attempts counted since window_start (failed logins, or codes sent)
	attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	window_start TIMESTAMPTZ,
	-- a growing delay: no attempt is checked before this time
	not_before   TIMESTAMPTZ,
	-- a temporary lock: no attempt is checked before this time
	locked_until TIMESTAMPTZ,
	PRIMARY KEY (scope, subject)
);
