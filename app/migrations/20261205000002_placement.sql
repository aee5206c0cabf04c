-- The placement as a partner. A participant channel can be with the placement of one child of
-- the family: its link holder sees the child's coming visits and writes hand-over notes before
-- and after a visit. A note is a message of that channel (sealed like every message; parents
-- never read a participant channel) tied to its visit here.
ALTER TABLE channels ADD COLUMN placement_child_id INTEGER REFERENCES children(id);

CREATE TABLE handover_notes (
    message_id      INTEGER PRIMARY KEY REFERENCES messages(id),
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    phase           TEXT NOT NULL CHECK (phase IN ('before', 'after'))
);
CREATE INDEX handover_notes_appointment ON handover_notes(appointment_id);
