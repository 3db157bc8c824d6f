-- 0006: the TA grading workflow. Releasing marks to students (per assignment, per item), marking
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
