-- Written descriptions of visits (samværsbeskrivelser). A held supervised visit makes one due for
-- the consultants who staffed it; a supported one only while the parents' yes to descriptions is
-- in force on the visit's date; a no-show or a visit stopped early gets a short one. A sent
-- description is locked: a correction is a new version with its reason, and the old one is kept
-- (superseded once the new one is sent).

-- Working days (Danish holidays excluded) from the visit to the deadline.
ALTER TABLE centres ADD COLUMN description_days INTEGER NOT NULL DEFAULT 3
    CHECK (description_days BETWEEN 1 AND 15);

-- The parents read each description in their portal before it goes to the caseworker.
ALTER TABLE cases ADD COLUMN parents_review INTEGER NOT NULL DEFAULT 0 CHECK (parents_review IN (0, 1));

-- The parents' yes to descriptions of supported visits, given and withdrawn with dates.
CREATE TABLE description_consents (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    given_on      TEXT NOT NULL,
    withdrawn_on  TEXT,
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    recorded_at   INTEGER NOT NULL,
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
);
CREATE INDEX description_consents_case ON description_consents(case_id);

-- A visit stopped before its time: when and why. Part of the visit's description.
CREATE TABLE visit_incidents (
    appointment_id  INTEGER PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
    stopped_at      INTEGER NOT NULL,
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    recorded_by     INTEGER NOT NULL REFERENCES users(id),
    recorded_at     INTEGER NOT NULL
);

CREATE TABLE descriptions (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- A no-show or a visit stopped early: fewer fields.
    short           INTEGER NOT NULL DEFAULT 0 CHECK (short IN (0, 1)),
    state           TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'review', 'sent', 'superseded')),
    due_on          TEXT NOT NULL,
    -- Parents' review: until when they may comment (their comments: description_comments).
    review_until    TEXT,
    -- When it left its writers (to the parents' reading or the caseworker): what the deadline
    -- and the figures count.
    shared_at       INTEGER,
    -- Why a version after the first was made.
    reason          TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    sent_at         INTEGER,
    sent_by         INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    UNIQUE (appointment_id, version),
    CHECK ((state IN ('sent', 'superseded')) = (sent_at IS NOT NULL)),
    CHECK ((version = 1) OR length(reason) > 0)
);
-- One version at a time is being written or read by the parents.
CREATE UNIQUE INDEX descriptions_one_open ON descriptions(appointment_id) WHERE state IN ('draft', 'review');
CREATE INDEX descriptions_state_due ON descriptions(state, due_on);

-- Each field of a description on its own row with its revision, so two consultants writing one
-- description at once each save their own fields, and a field both changed keeps both texts.
CREATE TABLE description_sections (
    description_id  INTEGER NOT NULL REFERENCES descriptions(id) ON DELETE CASCADE,
    field           TEXT NOT NULL CHECK (field IN ('present', 'start', 'end', 'arrival', 'course', 'mood',
                        'contact', 'agreements', 'farewell', 'observation', 'assessment', 'child_view')),
    body            TEXT NOT NULL CHECK (length(body) <= 12000),
    rev             INTEGER NOT NULL CHECK (rev >= 1),
    updated_by      INTEGER NOT NULL REFERENCES users(id),
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (description_id, field)
);

-- Each parent's own comment on a version out for their reading: one each, seen by its writer and
-- by staff and the caseworker, never by the other parent.
CREATE TABLE description_comments (
    description_id  INTEGER NOT NULL REFERENCES descriptions(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    at              INTEGER NOT NULL,
    PRIMARY KEY (description_id, user_id)
);
