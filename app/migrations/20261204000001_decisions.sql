-- Decisions and terms over time: a case's terms (visit type, period, frequency, length,
-- conditions) and its § 105 decisions change with a line in the case's history (old → new), and
-- visits a change cancels leave a notice for the coordinator and the family's consultant.

-- case_changes learns three more kinds of change (SQLite cannot alter a CHECK: rebuild it).
CREATE TABLE case_changes_new (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    user_id  INTEGER REFERENCES users(id),
    what     TEXT NOT NULL CHECK (what IN ('closed', 'reopened', 'continued', 'consent_given', 'consent_withdrawn',
                                           'terms_changed', 'decision_added', 'decision_changed', 'created',
                                           'handed_over', 'rhythm_changed')),
    detail   TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_changes_new (id, case_id, at, user_id, what, detail)
    SELECT id, case_id, at, user_id, what, detail FROM case_changes;
DROP TABLE case_changes;
ALTER TABLE case_changes_new RENAME TO case_changes;
CREATE INDEX case_changes_case ON case_changes(case_id, at);

-- Who recorded a § 105 decision, and when.
ALTER TABLE case_decisions ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE case_decisions ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX case_decisions_case ON case_decisions(case_id, valid_from);

-- What staff at the centre should know about a case: visits a decision, a withdrawn consent or a
-- changed term cancelled. Shown on the overview to the centre's coordinators and leaders and the
-- family's consultant for a week. The text names the family by its code and the child by initial.
CREATE TABLE case_notices (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    family_id   INTEGER NOT NULL REFERENCES families(id),
    text        TEXT NOT NULL CHECK (length(text) > 0),
    created_at  INTEGER NOT NULL
);
CREATE INDEX case_notices_family ON case_notices(family_id, created_at);
