-- How a channel link was sent, so its one-time code goes the other way (a forwarded e-mail or
-- SMS alone is not enough), and new-message notices go the way the link went.
ALTER TABLE channel_links ADD COLUMN sent_via TEXT NOT NULL DEFAULT 'email' CHECK (sent_via IN ('email', 'sms'));

-- A link holder has no account: the audit trail names the link they act through.
ALTER TABLE audit_log ADD COLUMN actor_link_id INTEGER REFERENCES channel_links(id);

-- A message posted from a phone's outbox carries the device's own key for it, so a retry after a
-- lost answer (or a second open tab) stores it once.
ALTER TABLE messages ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX messages_client_key ON messages(channel_id, client_key) WHERE client_key IS NOT NULL;

-- Accounts of a centre's staff made before the staff row was part of creating them: with one
-- centre, they belong to it (booking, staffing and channels find a user's centre by this row).
INSERT INTO staff (user_id, centre_id, employment, title)
SELECT u.id, (SELECT min(id) FROM centres), 'permanent',
       CASE u.role WHEN 'consultant' THEN 'Samværskonsulent' WHEN 'coordinator' THEN 'Fagkoordinator' ELSE 'Leder' END
FROM users u
WHERE u.role IN ('consultant', 'coordinator', 'leader')
  AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.user_id = u.id)
  AND (SELECT COUNT(*) FROM centres) = 1;
