-- 0011: workers say which queues they take and renew last_seen_at while they run, so the pages
-- can tell a job waiting for a free worker from one that no running worker will ever take (a
-- model item on the gpu queue with no GPU worker started).

CREATE TABLE workers (
    name text PRIMARY KEY,
    queues text[] NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    stopped_at timestamptz
);
