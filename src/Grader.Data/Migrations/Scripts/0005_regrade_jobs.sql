-- 0005: a grading job started by a rubric re-run names it, so the worker can record which
-- re-run changed a mark (mark_changes.regrade_id) and the regrades page can count progress.

ALTER TABLE jobs ADD COLUMN regrade_id bigint REFERENCES regrades (id);
CREATE INDEX jobs_regrade ON jobs (regrade_id) WHERE regrade_id IS NOT NULL;

-- The version most of the assignment's submissions were graded with before the re-run (they
-- may differ: a new version applies to new uploads only until a re-run); null: none before.
ALTER TABLE regrades ADD COLUMN from_version_id bigint REFERENCES rubric_versions (id);
