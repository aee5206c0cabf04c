-- The board's week read from the index alone: every column it shows rides along with (centre_id,
-- starts_at), so a centre's week is one walk of neighbouring index entries instead of a lookup in
-- the table for each appointment (which lie wherever they were booked). It takes the place of the
-- (centre_id, starts_at) index, whose every use it serves.
CREATE INDEX appointments_week ON appointments(centre_id, starts_at, status, family_id, kind, visit_type,
    place_id, ends_at, staff_ids, children_initials);
DROP INDEX appointments_time;
