-- A centre that stops using Samvær is deactivated, not deleted: its history stays for the
-- retention period, and it takes no new bookings or referrals.
ALTER TABLE centres ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
