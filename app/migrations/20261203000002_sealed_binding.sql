-- What a sealed text is bound to (its associated data, see channels/crypto.rs). 1: rows sealed
-- before this column, bound to the channel only (0 for notices), so a text copied onto another
-- row of the channel opened. 2: the table, the row id, the channel and (messages) the side.
-- New rows are sealed as 2; `server rotate-message-key` reseals the old ones as 2.
ALTER TABLE messages ADD COLUMN aad_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE notices ADD COLUMN aad_version INTEGER NOT NULL DEFAULT 1;
