-- What a booking's check reads, found by index instead of by walking.

-- A case's consents: the check read every consent of every case for each child.
CREATE INDEX consents_case ON consents(case_id, given_on);

-- A stretch of availability lies within one day (the form takes a date, a start and an end; a day
-- is 25 hours when the clocks go back). With that bound, what overlaps a time is found from
-- (user_id, starts_at) between a day before the time and its end, instead of walking every
-- stretch the consultant ever gave. Longer stretches (the app never made one) are cut into
-- pieces of a day; touching pieces are joined again wherever availability is read.
INSERT INTO staff_availability (user_id, starts_at, ends_at)
WITH RECURSIVE piece (user_id, starts_at, ends_at, last) AS (
    SELECT user_id, starts_at + 86400, min(starts_at + 172800, ends_at), ends_at
    FROM staff_availability WHERE ends_at - starts_at > 90000
    UNION ALL
    SELECT user_id, ends_at, min(ends_at + 86400, last), last FROM piece WHERE ends_at < last
)
SELECT user_id, starts_at, ends_at FROM piece;
UPDATE staff_availability SET ends_at = starts_at + 86400 WHERE ends_at - starts_at > 90000;

CREATE TRIGGER staff_availability_within_a_day BEFORE INSERT ON staff_availability
WHEN NEW.ends_at - NEW.starts_at > 90000 BEGIN
    SELECT RAISE(ABORT, 'a stretch of availability lies within one day');
END;
CREATE TRIGGER staff_availability_moved_within_a_day BEFORE UPDATE OF starts_at, ends_at ON staff_availability
WHEN NEW.ends_at - NEW.starts_at > 90000 BEGIN
    SELECT RAISE(ABORT, 'a stretch of availability lies within one day');
END;
