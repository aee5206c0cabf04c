-- The board shows, for every appointment of a centre's week, its consultants and its children's
-- initials. Each appointment row carries both (kept by the triggers below), so the week is read
-- from the (centre_id, starts_at) index and the rows alone, not with two lookups and a join for
-- every appointment (at 10^6 visits those were two thirds of the week statement's time).
ALTER TABLE appointments ADD COLUMN staff_ids TEXT;
ALTER TABLE appointments ADD COLUMN children_initials TEXT;

-- The one definition of each copy: the consultants' user ids, comma-separated; the children's
-- initials, "AN, LN". NULL when there are none.
CREATE VIEW appointment_board_copies AS
SELECT a.id,
    (SELECT group_concat(s.user_id) FROM appointment_staff s WHERE s.appointment_id = a.id) AS staff_ids,
    (SELECT group_concat(upper(substr(c.first_name, 1, 1)) || upper(substr(c.last_name, 1, 1)), ', ')
       FROM appointment_children ac JOIN children c ON c.id = ac.child_id WHERE ac.appointment_id = a.id)
      AS children_initials
FROM appointments a;

UPDATE appointments SET
    staff_ids = (SELECT v.staff_ids FROM appointment_board_copies v WHERE v.id = appointments.id),
    children_initials = (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = appointments.id);

CREATE TRIGGER appointment_staff_added AFTER INSERT ON appointment_staff BEGIN
    UPDATE appointments SET staff_ids = (SELECT v.staff_ids FROM appointment_board_copies v WHERE v.id = NEW.appointment_id)
    WHERE id = NEW.appointment_id;
END;
CREATE TRIGGER appointment_staff_removed AFTER DELETE ON appointment_staff BEGIN
    UPDATE appointments SET staff_ids = (SELECT v.staff_ids FROM appointment_board_copies v WHERE v.id = OLD.appointment_id)
    WHERE id = OLD.appointment_id;
END;
CREATE TRIGGER appointment_staff_changed AFTER UPDATE OF appointment_id, user_id ON appointment_staff BEGIN
    UPDATE appointments SET staff_ids = (SELECT v.staff_ids FROM appointment_board_copies v WHERE v.id = appointments.id)
    WHERE id IN (OLD.appointment_id, NEW.appointment_id);
END;
CREATE TRIGGER appointment_children_added AFTER INSERT ON appointment_children BEGIN
    UPDATE appointments
    SET children_initials = (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = NEW.appointment_id)
    WHERE id = NEW.appointment_id;
END;
CREATE TRIGGER appointment_children_removed AFTER DELETE ON appointment_children BEGIN
    UPDATE appointments
    SET children_initials = (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = OLD.appointment_id)
    WHERE id = OLD.appointment_id;
END;
CREATE TRIGGER appointment_children_changed AFTER UPDATE OF appointment_id, child_id ON appointment_children BEGIN
    UPDATE appointments
    SET children_initials = (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = appointments.id)
    WHERE id IN (OLD.appointment_id, NEW.appointment_id);
END;
CREATE TRIGGER children_renamed AFTER UPDATE OF first_name, last_name ON children BEGIN
    UPDATE appointments
    SET children_initials = (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = appointments.id)
    WHERE id IN (SELECT ac.appointment_id FROM appointment_children ac WHERE ac.child_id = NEW.id);
END;

-- Nobody sets a copy by hand: an UPDATE that disagrees with the rows it copies is refused.
CREATE TRIGGER appointments_board_copies_kept BEFORE UPDATE OF staff_ids, children_initials ON appointments
WHEN NEW.staff_ids IS NOT (SELECT v.staff_ids FROM appointment_board_copies v WHERE v.id = NEW.id)
  OR NEW.children_initials IS NOT (SELECT v.children_initials FROM appointment_board_copies v WHERE v.id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'appointments.staff_ids and children_initials are copies of its staff and children');
END;
-- A new appointment has no consultants or children yet: they come with their own rows.
CREATE TRIGGER appointments_board_copies_start_empty BEFORE INSERT ON appointments
WHEN NEW.staff_ids IS NOT NULL OR NEW.children_initials IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'appointments.staff_ids and children_initials are copies of its staff and children');
END;

-- A centre's consultants (the board's lanes and names, the booking form, the overview) were a walk
-- of every centre's staff.
CREATE INDEX staff_centre ON staff(centre_id);
