-- A worker claims the notices it is about to send, until `claimed_until` (unix seconds), in the
-- same statement that picks them: of two server processes on one database each notice goes to
-- one. A claim is cleared when the send is recorded; one left by a process that died runs out
-- and the notice is sent then.
ALTER TABLE notices ADD COLUMN claimed_until INTEGER;
