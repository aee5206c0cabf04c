-- The child's voice: a pause in the visits at the child's request (Barnets Lov § 103, at most 8
-- weeks) is recorded like a decision on the case and cancels the visits in it; the child's support
-- person (støtteperson) is recorded on the case and shown to the consultant.

-- case_decisions learns the pause (SQLite cannot alter a CHECK: rebuild it).
CREATE TABLE case_decisions_new (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('supervised', 'suspension', 'contact_suspension', 'secret_address', 'child_pause')),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL CHECK (valid_to >= valid_from),
    note        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL DEFAULT 0,
    -- A pause lasts at most 8 weeks (56 days, both ends counted).
    CHECK (kind <> 'child_pause' OR julianday(valid_to) - julianday(valid_from) <= 55)
);
INSERT INTO case_decisions_new (id, case_id, kind, valid_from, valid_to, note, created_by, created_at)
    SELECT id, case_id, kind, valid_from, valid_to, note, created_by, created_at FROM case_decisions;
DROP TABLE case_decisions;
ALTER TABLE case_decisions_new RENAME TO case_decisions;
CREATE INDEX case_decisions_case ON case_decisions(case_id, valid_from);

CREATE TABLE case_changes_new (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    user_id  INTEGER REFERENCES users(id),
    what     TEXT NOT NULL CHECK (what IN ('closed', 'reopened', 'continued', 'consent_given', 'consent_withdrawn',
                                           'terms_changed', 'decision_added', 'decision_changed', 'created',
                                           'handed_over', 'rhythm_changed', 'support_person')),
    detail   TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_changes_new (id, case_id, at, user_id, what, detail)
    SELECT id, case_id, at, user_id, what, detail FROM case_changes;
DROP TABLE case_changes;
ALTER TABLE case_changes_new RENAME TO case_changes;
CREATE INDEX case_changes_case ON case_changes(case_id, at);

ALTER TABLE cases ADD COLUMN support_person TEXT NOT NULL DEFAULT '' CHECK (length(support_person) <= 200);
