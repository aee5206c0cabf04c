-- What holds a consultant or a child is found by time: each staff and child row carries its
-- appointment's start (kept by the triggers below), so the conflict check walks
-- (user_id, start) or (child_id, start) instead of every appointment the person ever had.
ALTER TABLE appointment_staff ADD COLUMN appointment_starts_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointment_children ADD COLUMN appointment_starts_at INTEGER NOT NULL DEFAULT 0;
UPDATE appointment_staff SET appointment_starts_at = (SELECT a.starts_at FROM appointments a WHERE a.id = appointment_id);
UPDATE appointment_children SET appointment_starts_at = (SELECT a.starts_at FROM appointments a WHERE a.id = appointment_id);
CREATE INDEX appointment_staff_user_time ON appointment_staff(user_id, appointment_starts_at);
CREATE INDEX appointment_children_child_time ON appointment_children(child_id, appointment_starts_at);

CREATE TRIGGER appointment_staff_time AFTER INSERT ON appointment_staff BEGIN
    UPDATE appointment_staff SET appointment_starts_at = (SELECT starts_at FROM appointments WHERE id = NEW.appointment_id)
    WHERE appointment_id = NEW.appointment_id AND user_id = NEW.user_id;
END;
CREATE TRIGGER appointment_children_time AFTER INSERT ON appointment_children BEGIN
    UPDATE appointment_children SET appointment_starts_at = (SELECT starts_at FROM appointments WHERE id = NEW.appointment_id)
    WHERE appointment_id = NEW.appointment_id AND child_id = NEW.child_id;
END;
CREATE TRIGGER appointments_moved_times AFTER UPDATE OF starts_at ON appointments BEGIN
    UPDATE appointment_staff SET appointment_starts_at = NEW.starts_at WHERE appointment_id = NEW.id;
    UPDATE appointment_children SET appointment_starts_at = NEW.starts_at WHERE appointment_id = NEW.id;
END;
-- Nobody sets the copy by hand: an UPDATE of it that disagrees with the appointment is refused.
CREATE TRIGGER appointment_staff_time_kept BEFORE UPDATE OF appointment_starts_at ON appointment_staff
WHEN NEW.appointment_starts_at <> (SELECT starts_at FROM appointments WHERE id = NEW.appointment_id) BEGIN
    SELECT RAISE(ABORT, 'appointment_staff.appointment_starts_at is its appointment''s start');
END;
CREATE TRIGGER appointment_children_time_kept BEFORE UPDATE OF appointment_starts_at ON appointment_children
WHEN NEW.appointment_starts_at <> (SELECT starts_at FROM appointments WHERE id = NEW.appointment_id) BEGIN
    SELECT RAISE(ABORT, 'appointment_children.appointment_starts_at is its appointment''s start');
END;

-- The conflict queries look 12 hours back for what may still hold a time: no appointment is
-- longer than 8 hours (buffers are at most 2 hours by their CHECKs). SQLite cannot add a CHECK
-- to a table, so a trigger refuses a longer one.
CREATE TRIGGER appointments_at_most_8_hours BEFORE INSERT ON appointments
WHEN NEW.ends_at - NEW.starts_at > 28800 BEGIN
    SELECT RAISE(ABORT, 'an appointment lasts at most 8 hours');
END;
CREATE TRIGGER appointments_moved_at_most_8_hours BEFORE UPDATE OF starts_at, ends_at ON appointments
WHEN NEW.ends_at - NEW.starts_at > 28800 BEGIN
    SELECT RAISE(ABORT, 'an appointment lasts at most 8 hours');
END;
