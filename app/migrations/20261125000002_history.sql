-- Every change to an appointment: who, when, what (in words for the staff who read the history).
CREATE TABLE appointment_changes (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    action          TEXT NOT NULL CHECK (action IN ('create', 'move', 'cancel', 'held', 'no_show', 'staff')),
    detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointment_changes_appointment ON appointment_changes(appointment_id, at);
