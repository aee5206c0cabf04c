-- How a channel link was sent, so its one-time code goes the other way (a forwarded e-mail or
-- SMS alone is not enough), and new-message notices go the way the link went.
ALTER TABLE channel_links ADD COLUMN sent_via TEXT NOT NULL DEFAULT 'email' CHECK (sent_via IN ('email', 'sms'));

-- A link holder has no account: the audit trail names the link they act through.
ALTER TABLE audit_log ADD COLUMN actor_link_id INTEGER REFERENCES channel_links(id);
