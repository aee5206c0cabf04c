-- Referral and intake: a caseworker refers a child or a sibling group to a centre; the centre's
-- coordinator asks back or accepts, and accepting creates the family, its children, persons,
-- relations and one case per child in one transaction. The referral keeps what was sent (JSON,
-- checked by the same rules as the form) and its questions and answers.
CREATE TABLE referrals (
    id             INTEGER PRIMARY KEY,
    centre_id      INTEGER NOT NULL REFERENCES centres(id),
    caseworker_id  INTEGER NOT NULL REFERENCES users(id),
    status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'asked', 'accepted')),
    body           TEXT NOT NULL,
    family_id      INTEGER REFERENCES families(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK ((status = 'accepted') = (family_id IS NOT NULL))
);
CREATE INDEX referrals_centre ON referrals(centre_id, status, created_at);
CREATE INDEX referrals_caseworker ON referrals(caseworker_id, created_at);

CREATE TABLE referral_notes (
    id           INTEGER PRIMARY KEY,
    referral_id  INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    text         TEXT NOT NULL CHECK (length(text) > 0)
);
CREATE INDEX referral_notes_referral ON referral_notes(referral_id, at);

-- From the child's action plan, and where the decision is in the municipality's case system.
ALTER TABLE cases ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN goals TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN document_ref TEXT NOT NULL DEFAULT '';
