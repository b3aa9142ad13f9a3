-- The data officer marks sources whose phones are verified for their persons (e.g. the
-- police household registration system): their phones become login phones when they fill
-- a person's missing phone (see V25). No source is by default: an imported phone is a
-- contact hint.
ALTER TABLE data_source ADD COLUMN phones_verified BOOLEAN NOT NULL DEFAULT FALSE;
