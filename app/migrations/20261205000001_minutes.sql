-- The minutes of a kick-off or follow-up meeting, written on the meeting's page. The agreements
-- in them become the family's standing agreements (family_agreements), marked with the meeting.

CREATE TABLE meeting_minutes (
    appointment_id  INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
    -- What the parents wish for at visits: toys, food, activities.
    wishes          TEXT NOT NULL DEFAULT '' CHECK (length(wishes) <= 2000),
    -- The tour of the rooms and the garden was given (kick-off meetings).
    toured          INTEGER NOT NULL DEFAULT 0 CHECK (toured IN (0, 1)),
    body            TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 8000),
    written_by      INTEGER NOT NULL REFERENCES users(id),
    written_at      INTEGER NOT NULL
);

ALTER TABLE family_agreements ADD COLUMN from_appointment_id INTEGER REFERENCES appointments(id) ON DELETE SET NULL;
