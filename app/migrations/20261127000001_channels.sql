-- Secure channels: a thread per family (family <-> centre) and per outside participant (a
-- placement's contact, a caseworker). Message bodies are encrypted (XChaCha20-Poly1305, key id
-- stored beside each), so a copied database file shows no text.
CREATE TABLE channels (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL REFERENCES families(id),
    kind         TEXT NOT NULL CHECK (kind IN ('family', 'participant')),
    -- For a participant channel: who is on the other side ("Plejefamilien Strand", "Rådgiver").
    title        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX channels_one_family ON channels(family_id) WHERE kind = 'family';
CREATE INDEX channels_family ON channels(family_id);

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL REFERENCES channels(id),
    -- 'staff' writes for the centre; 'family' is a parent with an account or a link holder.
    side          TEXT NOT NULL CHECK (side IN ('staff', 'family')),
    author_user_id INTEGER REFERENCES users(id),
    author_link_id INTEGER REFERENCES channel_links(id),
    author_name   TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    nonce         BLOB NOT NULL,
    body          BLOB,
    created_at    INTEGER NOT NULL,
    -- When the other side first read it.
    read_at       INTEGER,
    -- A correction is a new message pointing at the one it corrects; the old one stays.
    corrects_id   INTEGER REFERENCES messages(id),
    -- Set when the body was deleted after the retention period (the row and audit stay).
    deleted_at    INTEGER
);
CREATE INDEX messages_channel ON messages(channel_id, created_at);

CREATE TABLE channel_links (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    -- Who the link is for, as staff see it.
    person_name     TEXT NOT NULL,
    email           TEXT,
    phone           TEXT,
    -- A parent with an account lands in their own portal and session.
    user_id         INTEGER REFERENCES users(id),
    token_hash      TEXT NOT NULL UNIQUE,
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    code_hash       TEXT,
    code_expires_at INTEGER,
    code_attempts   INTEGER NOT NULL DEFAULT 0,
    locked_at       INTEGER,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE INDEX channel_links_channel ON channel_links(channel_id);

-- A device that confirmed a link with its one-time code: a long-lived cookie, stored as a hash.
CREATE TABLE link_devices (
    id            INTEGER PRIMARY KEY,
    link_id       INTEGER NOT NULL REFERENCES channel_links(id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);

-- Notices by e-mail or SMS. The text (which may hold a link) is encrypted like messages; the
-- delivery state is for staff to see; failed sends are retried with backoff, then flagged.
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER REFERENCES channels(id),
    link_id         INTEGER REFERENCES channel_links(id),
    purpose         TEXT NOT NULL CHECK (purpose IN ('invite', 'code', 'message')),
    transport       TEXT NOT NULL CHECK (transport IN ('email', 'sms')),
    recipient       TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    nonce           BLOB NOT NULL,
    body            BLOB NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX notices_due ON notices(state, next_attempt_at);
CREATE INDEX notices_channel ON notices(channel_id, created_at);
