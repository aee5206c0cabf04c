-- A family's earlier shared thread is read by staff only: links to it close, and the devices
-- confirmed for them forget it (parents who come "hver for sig" must not read each other).
DELETE FROM link_devices WHERE link_id IN (
    SELECT l.id FROM channel_links l JOIN channels c ON c.id = l.channel_id
    WHERE c.kind = 'family' AND c.person_id IS NULL);
UPDATE channel_links SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE revoked_at IS NULL AND channel_id IN (SELECT id FROM channels WHERE kind = 'family' AND person_id IS NULL);
