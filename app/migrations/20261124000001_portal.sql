-- The parents' portal: contact details, agreements, notices from parents, calendar feeds.

ALTER TABLE centres ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';

-- The consultant a family calls "my consultant" (usually a permanent consultant).
ALTER TABLE families ADD COLUMN consultant_id INTEGER REFERENCES users(id);

-- Where a moved appointment was before (shown to parents as "moved from ...").
ALTER TABLE appointments ADD COLUMN moved_from_starts_at INTEGER;

-- Standing agreements for a family's visits, by topic; shown on every visit's page.
CREATE TABLE family_agreements (
    id          INTEGER PRIMARY KEY,
    family_id   INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
    topic       TEXT NOT NULL CHECK (topic IN ('bring', 'toys', 'food', 'practise', 'goal')),
    body        TEXT NOT NULL CHECK (length(body) > 0),
    updated_by  INTEGER REFERENCES users(id),
    updated_at  INTEGER NOT NULL
);
CREATE INDEX family_agreements_family ON family_agreements(family_id);

-- What a parent told the centre about one appointment: delayed (minutes) or cannot come.
CREATE TABLE visit_notices (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    kind            TEXT NOT NULL CHECK (kind IN ('delayed', 'cant_come')),
    minutes         INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
    message         TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    CHECK ((kind = 'delayed') = (minutes IS NOT NULL))
);
CREATE INDEX visit_notices_appointment ON visit_notices(appointment_id, created_at);

-- Personal iCalendar subscriptions. The token is HMAC(server key, nonce): a copy of the database
-- alone cannot rebuild it. Only its SHA-256 is stored, for the lookup.
CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    nonce       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);
