-- Device tokens (issue 4): gates, venue scanners and compound checkpoints call the
-- verification API with a token that is good for nothing else. The device's place is kept
-- so that the same code shown at two distant gates within its life is caught as a replay.
ALTER TABLE api_token ADD COLUMN device_kind TEXT CHECK (device_kind IN ('GATE', 'VENUE', 'CHECKPOINT'));
ALTER TABLE api_token ADD COLUMN device_ref BIGINT;
ALTER TABLE api_token ADD COLUMN device_lon DOUBLE PRECISION;
ALTER TABLE api_token ADD COLUMN device_lat DOUBLE PRECISION;
ALTER TABLE api_token ADD CONSTRAINT api_token_device_label CHECK (device_kind IS NULL OR label IS NOT NULL);
ALTER TABLE api_token ADD CONSTRAINT api_token_one_scope CHECK (device_kind IS NULL OR push_sources IS NULL);

-- Text messages (one-time login codes, notices). The default sender only writes them here,
-- where an administrator can read them; a real SMS gateway is a configuration away.
CREATE TABLE message_outbox
(
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	created_at TIMESTAMPTZ NOT NULL,
	recipient  TEXT COLLATE "C" NOT NULL,
	purpose    TEXT NOT NULL,
	body       TEXT NOT NULL,
	sent_at    TIMESTAMPTZ,
	channel    TEXT NOT NULL
);
CREATE INDEX message_outbox_recipient_idx ON message_outbox (recipient, created_at DESC);
CREATE INDEX message_outbox_created_idx ON message_outbox (created_at DESC);
