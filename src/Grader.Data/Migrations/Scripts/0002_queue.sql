-- 0002: the durable job queue and the record of grading runs.

CREATE TABLE jobs (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue             text NOT NULL,
    kind              text NOT NULL,
    submission_id     uuid REFERENCES submissions (id) ON DELETE CASCADE,
    item_id           text,
    state             text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
    attempts          integer NOT NULL DEFAULT 0,
    max_attempts      integer NOT NULL,
    run_after         timestamptz NOT NULL DEFAULT now(),
    lease_owner       text,
    lease_token       uuid,
    lease_expires_at  timestamptz,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
-- What a claim scans: due jobs of a queue, and running jobs whose lease ran out.
CREATE INDEX jobs_due ON jobs (queue, run_after, id) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (queue, lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_submission ON jobs (submission_id);

-- A wake-up hint for idle workers (polling is the fallback); delivered when the insert commits.
CREATE FUNCTION jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('grader_jobs', NEW.queue);
    RETURN NULL;
END $$;
CREATE TRIGGER jobs_notify AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_notify();

CREATE TABLE grading_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id   uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    job_id          bigint REFERENCES jobs (id) ON DELETE SET NULL,
    worker          text NOT NULL,
    engine_version  text NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL,
    outcome         text NOT NULL,
    error           text
);
CREATE INDEX grading_runs_submission ON grading_runs (submission_id);
