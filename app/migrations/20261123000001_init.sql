-- Samvær: the first schema. Instants are INTEGER unix seconds in UTC; calendar dates are TEXT
-- 'YYYY-MM-DD'; local wall-clock times are TEXT 'HH:MM' in Europe/Copenhagen.
-- Later issues extend these tables; they do not rewrite them.

CREATE TABLE centres (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    municipality  TEXT NOT NULL,
    address       TEXT NOT NULL,
    phone         TEXT NOT NULL,
    email         TEXT NOT NULL,
    time_zone     TEXT NOT NULL DEFAULT 'Europe/Copenhagen'
);

-- Bookable places: visit rooms, outdoor places, facilities borrowed at weekends.
CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    centre_id   INTEGER NOT NULL REFERENCES centres(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('room', 'outdoor', 'extra')),
    address     TEXT NOT NULL,
    capacity    INTEGER NOT NULL DEFAULT 6 CHECK (capacity > 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (centre_id, name)
);

CREATE TABLE place_features (
    place_id  INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    feature   TEXT NOT NULL CHECK (feature IN ('kitchen', 'sofa', 'toys', 'outdoor', 'baby_care', 'ball_games', 'accessible')),
    PRIMARY KEY (place_id, feature)
);

-- Opening hours per ISO weekday (1 = Monday .. 7 = Sunday), optionally limited to a date range
-- (a hall borrowed for a season).
CREATE TABLE place_opening_hours (
    id          INTEGER PRIMARY KEY,
    place_id    INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens       TEXT NOT NULL,
    closes      TEXT NOT NULL CHECK (closes > opens),
    valid_from  TEXT,
    valid_to    TEXT
);
CREATE INDEX place_opening_hours_place ON place_opening_hours(place_id, weekday);

-- Everyone who signs in. password_hash is NULL for people who only get one-time links or sign in
-- through an external identity provider (see user_identities).
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash  TEXT,
    full_name      TEXT NOT NULL,
    phone          TEXT,
    role           TEXT NOT NULL CHECK (role IN ('parent', 'consultant', 'coordinator', 'leader', 'caseworker', 'admin')),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL
);

-- The seam for other ways in: one row per external identity (OpenID Connect / MitID subject).
CREATE TABLE user_identities (
    provider  TEXT NOT NULL,
    subject   TEXT NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (provider, subject)
);

-- Centre staff (consultant, coordinator, leader, admin).
CREATE TABLE staff (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    centre_id   INTEGER NOT NULL REFERENCES centres(id),
    employment  TEXT NOT NULL CHECK (employment IN ('permanent', 'hourly')),
    title       TEXT NOT NULL
);

-- Municipal caseworkers who use the app.
CREATE TABLE caseworkers (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    municipality  TEXT NOT NULL,
    department    TEXT NOT NULL,
    title         TEXT NOT NULL
);

-- When a staff member can work (hourly consultants enter these).
CREATE TABLE staff_availability (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX staff_availability_user ON staff_availability(user_id, starts_at);

-- A family / sibling group. code is what the booking board shows instead of names.
CREATE TABLE families (
    id         INTEGER PRIMARY KEY,
    centre_id  INTEGER NOT NULL REFERENCES centres(id),
    code       TEXT NOT NULL UNIQUE
);

CREATE TABLE children (
    id                        INTEGER PRIMARY KEY,
    family_id                 INTEGER NOT NULL REFERENCES families(id),
    first_name                TEXT NOT NULL,
    last_name                 TEXT NOT NULL,
    birth_date                TEXT NOT NULL,
    placement_kind            TEXT NOT NULL CHECK (placement_kind IN ('foster_family', 'children_home', 'other')),
    placement_name            TEXT NOT NULL,
    placement_contact_name    TEXT NOT NULL,
    placement_contact_phone   TEXT,
    placement_contact_email   TEXT,
    placement_address         TEXT,
    placement_address_secret  INTEGER NOT NULL DEFAULT 0 CHECK (placement_address_secret IN (0, 1))
);
CREATE INDEX children_family ON children(family_id);

-- Parents and network persons. user_id is set when the person has an account.
CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    family_id   INTEGER NOT NULL REFERENCES families(id),
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    user_id     INTEGER UNIQUE REFERENCES users(id)
);
CREATE INDEX persons_family ON persons(family_id);

CREATE TABLE child_relations (
    child_id        INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    relation        TEXT NOT NULL CHECK (relation IN ('mother', 'father', 'parent', 'grandparent', 'sibling', 'aunt_uncle', 'friend', 'other')),
    custody_holder  INTEGER NOT NULL DEFAULT 0 CHECK (custody_holder IN (0, 1)),
    PRIMARY KEY (child_id, person_id)
);

-- One case per child: the caseworker's decision about visits.
CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    child_id         INTEGER NOT NULL REFERENCES children(id),
    caseworker_id    INTEGER NOT NULL REFERENCES users(id),
    visit_type       TEXT NOT NULL CHECK (visit_type IN ('supported', 'supervised')),
    decision_from    TEXT NOT NULL,
    decision_to      TEXT NOT NULL CHECK (decision_to >= decision_from),
    frequency_weeks  INTEGER NOT NULL CHECK (frequency_weeks > 0),
    visit_minutes    INTEGER NOT NULL CHECK (visit_minutes > 0),
    conditions       TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    created_at       INTEGER NOT NULL
);
CREATE INDEX cases_caseworker ON cases(caseworker_id);
CREATE INDEX cases_child ON cases(child_id);

-- Committee decisions under Barnets Lov § 105 with their period: supervised visits, suspension of
-- visits or of letter/e-mail/phone contact, secret address.
CREATE TABLE case_decisions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('supervised', 'suspension', 'contact_suspension', 'secret_address')),
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL CHECK (valid_to >= valid_from),
    note       TEXT NOT NULL DEFAULT ''
);

-- Consent to supported visits (Barnets Lov § 104): custody holders and young people aged 15+.
CREATE TABLE consents (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id     INTEGER REFERENCES persons(id),
    by_child      INTEGER NOT NULL DEFAULT 0 CHECK (by_child IN (0, 1)),
    given_on      TEXT NOT NULL,
    withdrawn_on  TEXT,
    CHECK ((person_id IS NULL) = (by_child = 1))
);

-- Visits, meetings and guidance talks: everything that takes a place and staff time.
CREATE TABLE appointments (
    id                 INTEGER PRIMARY KEY,
    centre_id          INTEGER NOT NULL REFERENCES centres(id),
    family_id          INTEGER NOT NULL REFERENCES families(id),
    kind               TEXT NOT NULL CHECK (kind IN ('visit', 'kickoff_meeting', 'followup_meeting', 'guidance_before', 'guidance_after')),
    visit_type         TEXT CHECK (visit_type IN ('supported', 'supervised')),
    related_visit_id   INTEGER REFERENCES appointments(id),
    place_id           INTEGER REFERENCES places(id),
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL CHECK (ends_at > starts_at),
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled', 'no_show')),
    cancelled_by       TEXT CHECK (cancelled_by IN ('centre', 'parent', 'placement', 'child', 'caseworker')),
    cancelled_by_user  INTEGER REFERENCES users(id),
    cancel_reason      TEXT,
    cancelled_at       INTEGER,
    preparation_notes  TEXT NOT NULL DEFAULT '',
    series_id          INTEGER,
    created_by         INTEGER REFERENCES users(id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK ((kind = 'visit') = (visit_type IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX appointments_time ON appointments(centre_id, starts_at);
CREATE INDEX appointments_family ON appointments(family_id, starts_at);
CREATE INDEX appointments_place ON appointments(place_id, starts_at);

CREATE TABLE appointment_staff (
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    role            TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'assist')),
    PRIMARY KEY (appointment_id, user_id)
);
CREATE INDEX appointment_staff_user ON appointment_staff(user_id);

CREATE TABLE appointment_children (
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    child_id        INTEGER NOT NULL REFERENCES children(id),
    PRIMARY KEY (appointment_id, child_id)
);
CREATE INDEX appointment_children_child ON appointment_children(child_id);

-- Other participants: parents and network (person_id) or users such as the caseworker (user_id).
CREATE TABLE appointment_participants (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    person_id       INTEGER REFERENCES persons(id),
    user_id         INTEGER REFERENCES users(id),
    role            TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX appointment_participants_appt ON appointment_participants(appointment_id);

-- Who did what to whose data. Written in the same transaction as the change it records.
CREATE TABLE audit_log (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    actor_user_id     INTEGER REFERENCES users(id),
    action            TEXT NOT NULL,
    subject_kind      TEXT NOT NULL,
    subject_id        INTEGER,
    family_id         INTEGER REFERENCES families(id),
    request_id        TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_family ON audit_log(family_id, at);

-- Failed sign-ins, counted per account and per address for rate limiting.
CREATE TABLE sign_in_failures (
    id        INTEGER PRIMARY KEY,
    key_kind  TEXT NOT NULL CHECK (key_kind IN ('account', 'address')),
    key       TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(key_kind, key, at);
