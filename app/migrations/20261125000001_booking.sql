-- Booking: hand-over buffers held before and after an appointment (place, consultants, children).
ALTER TABLE appointments ADD COLUMN buffer_before_min INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_min BETWEEN 0 AND 120);
ALTER TABLE appointments ADD COLUMN buffer_after_min INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_min BETWEEN 0 AND 120);
CREATE INDEX appointments_series ON appointments(series_id);
