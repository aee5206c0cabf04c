-- Ending a case: when, why and by whom; a reopened case points at the one it continues. Every
-- change to a case is kept in case_changes (who, when, what).
ALTER TABLE cases ADD COLUMN closed_on TEXT;
ALTER TABLE cases ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN closed_by INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN previous_case_id INTEGER REFERENCES cases(id);

CREATE TABLE case_changes (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    user_id  INTEGER REFERENCES users(id),
    what     TEXT NOT NULL CHECK (what IN ('closed', 'reopened', 'continued', 'consent_given', 'consent_withdrawn')),
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_changes_case ON case_changes(case_id, at);
-- A closed case is continued at most once.
CREATE UNIQUE INDEX cases_previous ON cases(previous_case_id) WHERE previous_case_id IS NOT NULL;
