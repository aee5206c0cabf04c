-- Trust: each parent (and each network person) has their own thread with the centre, so one
-- parent never reads what the other wrote; reads of several families are audited with all of
-- their ids.

-- A family channel now belongs to one person of the family. A family's earlier shared thread
-- keeps person_id NULL: staff still read it (as an archive); no parent does any more, because
-- parents who come "hver for sig" must not read each other's words.
ALTER TABLE channels ADD COLUMN person_id INTEGER REFERENCES persons(id);
DROP INDEX channels_one_family;
CREATE UNIQUE INDEX channels_one_person ON channels(person_id) WHERE person_id IS NOT NULL;

-- A family with only one person: its shared thread was only ever theirs, so it becomes theirs.
UPDATE channels SET person_id = (SELECT min(p.id) FROM persons p WHERE p.family_id = channels.family_id)
WHERE kind = 'family' AND person_id IS NULL
  AND (SELECT COUNT(*) FROM persons p WHERE p.family_id = channels.family_id) = 1;

INSERT INTO channels (family_id, kind, title, person_id, created_at)
SELECT p.family_id, 'family', '', p.id, CAST(strftime('%s', 'now') AS INTEGER) FROM persons p
WHERE NOT EXISTS (SELECT 1 FROM channels c WHERE c.person_id = p.id);

-- Every person gets their thread in the same transaction that records them (no read that writes).
CREATE TRIGGER persons_channel AFTER INSERT ON persons
BEGIN
    INSERT INTO channels (family_id, kind, title, person_id, created_at)
    VALUES (NEW.family_id, 'family', '', NEW.id, CAST(strftime('%s', 'now') AS INTEGER));
END;

-- A read that shows several families' data names all of them (comma-separated ids).
ALTER TABLE audit_log ADD COLUMN family_ids TEXT;
