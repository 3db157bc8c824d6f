-- 0004: staff sign-in for the dashboard, the audit trail of mark changes, and rubric re-runs.

-- Instructors may also re-run rubrics; TAs review, grade by hand and override.
ALTER TABLE staff ADD COLUMN role text NOT NULL DEFAULT 'ta' CHECK (role IN ('instructor', 'ta'));
-- PBKDF2 (see PasswordHasher); null: this person signs in with a token only.
ALTER TABLE staff ADD COLUMN password_hash text;
CREATE INDEX staff_login ON staff (external_id);

-- A re-run of an assignment's current rubric version over all its submissions.
CREATE TABLE regrades (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id      text NOT NULL REFERENCES assignments (id),
    rubric_version_id  bigint NOT NULL REFERENCES rubric_versions (id),
    requested_by       bigint REFERENCES staff (id),
    requested_at       timestamptz NOT NULL DEFAULT now(),
    submissions        integer NOT NULL
);
CREATE INDEX regrades_assignment ON regrades (assignment_id, requested_at DESC);

-- Every change of a mark after its first automatic grading: who, when, old, new, why.
-- changed_by is null where the grader itself changed it (a re-run under a new rubric version).
CREATE TABLE mark_changes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id  uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    item_id        text NOT NULL,
    changed_by     bigint REFERENCES staff (id),
    regrade_id     bigint REFERENCES regrades (id),
    changed_at     timestamptz NOT NULL DEFAULT now(),
    old_points     double precision,
    new_points     double precision NOT NULL,
    old_source     text,
    new_source     text NOT NULL,
    old_feedback   text,
    new_feedback   text NOT NULL,
    reason         text NOT NULL
);
CREATE INDEX mark_changes_submission ON mark_changes (submission_id, changed_at);
CREATE INDEX mark_changes_regrade ON mark_changes (regrade_id) WHERE regrade_id IS NOT NULL;
