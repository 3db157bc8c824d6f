-- 0008: the TA grading workflow. Releasing marks to students (per assignment, per item), marking
-- with criteria (rubric-based grading), reusable comments, answer groups, internal notes, and
-- students' regrade requests.

-- Staff release an assignment's marks; until then students see what the rubric's release policy
-- allows (automatic marks by default, never TA-graded ones). Withdrawing sets it back to null.
ALTER TABLE assignments ADD COLUMN released_at timestamptz;
ALTER TABLE assignments ADD COLUMN released_by bigint REFERENCES staff (id);

-- One item released ahead of the whole assignment (a TA-graded item whose grading is done).
CREATE TABLE item_releases (
    assignment_id  text NOT NULL REFERENCES assignments (id),
    item_id        text NOT NULL,
    released_at    timestamptz NOT NULL DEFAULT now(),
    released_by    bigint REFERENCES staff (id),
    PRIMARY KEY (assignment_id, item_id)
);

-- Criteria a TA ticks per answer of a text item (rubric-based grading). Copied from the rubric the
-- first time the item is graded (from_rubric: the rubric's description, so each is copied once),
-- then edited on the grading page. A deleted criterion stays for the marks that name it.
CREATE TABLE item_criteria (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  text NOT NULL REFERENCES assignments (id),
    item_id        text NOT NULL,
    position       integer NOT NULL,
    description    text NOT NULL,
    points         double precision NOT NULL,
    from_rubric    text,
    created_by     bigint REFERENCES staff (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
-- NULLs are distinct: any number of criteria added on the page, each rubric criterion once.
CREATE UNIQUE INDEX item_criteria_from_rubric ON item_criteria (assignment_id, item_id, from_rubric);
CREATE INDEX item_criteria_item ON item_criteria (assignment_id, item_id, position);

-- The criteria ticked for an answer.
CREATE TABLE mark_criteria (
    mark_id       bigint NOT NULL REFERENCES marks (id) ON DELETE CASCADE,
    criterion_id  bigint NOT NULL REFERENCES item_criteria (id),
    PRIMARY KEY (mark_id, criterion_id)
);
CREATE INDEX mark_criteria_criterion ON mark_criteria (criterion_id);

-- A mark graded by criteria keeps the TA's adjustment (points beyond the criteria; null: not graded
-- by criteria), so a criterion's new points can re-score it. staff_note is internal, never shown to
-- the student. graded_by: who last set the mark (progress per TA). ungrouped: split out of its
-- answer group, graded alone.
ALTER TABLE marks ADD COLUMN adjustment double precision;
ALTER TABLE marks ADD COLUMN staff_note text;
ALTER TABLE marks ADD COLUMN graded_by bigint REFERENCES staff (id);
ALTER TABLE marks ADD COLUMN ungrouped boolean NOT NULL DEFAULT false;

-- Comments a TA reuses across answers of one item.
CREATE TABLE saved_comments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  text NOT NULL REFERENCES assignments (id),
    item_id        text NOT NULL,
    text           text NOT NULL,
    created_by     bigint REFERENCES staff (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE INDEX saved_comments_item ON saved_comments (assignment_id, item_id, id);

-- A student's question about one item's mark, after its release, and the staff answer to it.
CREATE TABLE regrade_requests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  text NOT NULL REFERENCES assignments (id),
    submission_id  uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    item_id        text NOT NULL,
    student_id     bigint NOT NULL REFERENCES students (id),
    message        text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    points_before  double precision NOT NULL,
    answered_by    bigint REFERENCES staff (id),
    answered_at    timestamptz,
    answer         text,
    points_after   double precision
);
-- One open request per answer; the queue of open requests per assignment.
CREATE UNIQUE INDEX regrade_requests_one_open ON regrade_requests (submission_id, item_id) WHERE answered_at IS NULL;
CREATE INDEX regrade_requests_open ON regrade_requests (assignment_id, created_at) WHERE answered_at IS NULL;
