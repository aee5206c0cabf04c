-- The young person's own sign-in (from 15): an account of role 'young' (users.role learns it in
-- db::users_take_young, see there) belongs to one child. The young person sees their own coming
-- visits, gives or withdraws their own consent, and asks for a pause or a talk; never their
-- parents' messages.
ALTER TABLE children ADD COLUMN user_id INTEGER REFERENCES users(id);
CREATE UNIQUE INDEX children_user ON children(user_id) WHERE user_id IS NOT NULL;

-- What the young person asked for, on their case, for its caseworker and the coordinator.
CREATE TABLE young_requests (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('pause', 'talk')),
    body        TEXT NOT NULL CHECK (length(body) <= 1000),
    created_at  INTEGER NOT NULL
);
CREATE INDEX young_requests_case ON young_requests(case_id, created_at);
