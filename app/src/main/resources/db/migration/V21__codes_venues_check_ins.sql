-- Venues (场所) become the codes module's registry: the demo town's venues move in as they are
-- (same ids), and a venue gets a code serial (a reprinted poster makes older ones void) and
-- a closing time.
ALTER TABLE demo_venue RENAME TO venue;
ALTER SEQUENCE IF EXISTS demo_venue_id_seq RENAME TO venue_id_seq;
ALTER TABLE venue
	ADD COLUMN code_serial INT NOT NULL DEFAULT 1,
	ADD COLUMN created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
	ADD COLUMN closed_at   TIMESTAMPTZ,
	ADD CONSTRAINT venue_capacity_check CHECK (capacity > 0),
	ADD CONSTRAINT venue_crowd_class_check CHECK (crowd_class IN ('ORDINARY', 'CROWDED', 'SENSITIVE')),
	ADD CONSTRAINT venue_lon_check CHECK (lon BETWEEN -180 AND 180),
	ADD CONSTRAINT venue_lat_check CHECK (lat BETWEEN -90 AND 90);
CREATE INDEX venue_grid_idx ON venue (grid_id);

-- What a venue of each crowd class lets in (C5, C6): colours allowed, whether a travel star
-- is allowed, and how recent a negative test must be (NULL: none needed).
CREATE TABLE venue_policy
(
	crowd_class         TEXT PRIMARY KEY CHECK (crowd_class IN ('ORDINARY', 'CROWDED', 'SENSITIVE')),
	max_colour          SMALLINT NOT NULL CHECK (max_colour BETWEEN 0 AND 2),
	star_allowed        BOOLEAN NOT NULL,
	negative_test_hours INT CHECK (negative_test_hours BETWEEN 1 AND 720),
	changed_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
	changed_by          TEXT NOT NULL DEFAULT 'default'
);
INSERT INTO venue_policy (crowd_class, max_colour, star_allowed, negative_test_hours)
VALUES ('ORDINARY', 0, TRUE, NULL),
	   ('CROWDED', 0, FALSE, 72),
	   ('SENSITIVE', 0, FALSE, 48);

-- Check-ins (场所扫码登记): one row per person, venue and time with the verdict then. A
-- high-volume personal fact: partitioned by day (Asia/Shanghai), written with COPY, and the
-- partitions older than the retention (default 28 days) are dropped whole.
-- colour: 0 GREEN, 1 YELLOW, 2 RED; via: SELF (resident scanned the poster), PROXY (staff
-- registered by ID number), GATE (a venue device verified the person's code).
CREATE TABLE check_in
(
	checked_at TIMESTAMPTZ NOT NULL,
	venue_id   BIGINT NOT NULL,
	person_id  BIGINT NOT NULL,
	colour     SMALLINT NOT NULL,
	star       BOOLEAN NOT NULL,
	allowed    BOOLEAN NOT NULL,
	via        TEXT NOT NULL
) PARTITION BY RANGE (checked_at);
CREATE INDEX check_in_venue_idx ON check_in (venue_id, checked_at);
CREATE INDEX check_in_person_idx ON check_in (person_id, checked_at);
