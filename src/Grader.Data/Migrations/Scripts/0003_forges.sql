-- 0003: CI hooks on student repositories (GitHub now; the provider column leaves room for others).
-- Secrets live here, not in logs: webhook secret and personal token are columns only the service
-- reads; an App's private key is referenced by a file path on the service's machines.

-- How a course talks to its forge.
CREATE TABLE forge_settings (
    course_id         text PRIMARY KEY REFERENCES courses (id),
    provider          text NOT NULL DEFAULT 'github' CHECK (provider IN ('github')),
    api_url           text NOT NULL DEFAULT 'https://api.github.com',
    webhook_secret    text NOT NULL CHECK (length(webhook_secret) >= 16),
    token             text,
    app_id            bigint,
    installation_id   bigint,
    private_key_path  text,
    -- Where a commit status links to: <public_url>/api/v1/submissions/<id>/marks.
    public_url        text NOT NULL DEFAULT 'http://127.0.0.1:8080',
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (token IS NOT NULL OR (app_id IS NOT NULL AND installation_id IS NOT NULL AND private_key_path IS NOT NULL))
);

-- What to fetch from a student's repository for an assignment, and from which branch.
CREATE TABLE forge_assignments (
    assignment_id     text PRIMARY KEY REFERENCES assignments (id),
    branch            text NOT NULL DEFAULT 'main',
    answers_path      text NOT NULL,
    -- a JSON object: model item id -> path in the repository (no braces here: scripts run through string.Format)
    model_paths       jsonb NOT NULL DEFAULT jsonb_build_object(),
    -- GitHub Classroom naming, e.g. 'hw2-' followed by the placeholder github_user in braces (repository name, owner excluded).
    repo_pattern      text
);

-- A student's forge login (for classroom patterns).
CREATE TABLE forge_accounts (
    course_id   text NOT NULL REFERENCES courses (id),
    login       text NOT NULL CHECK (login = lower(login)),
    student_id  bigint NOT NULL REFERENCES students (id),
    PRIMARY KEY (course_id, login)
);

-- An explicit link: this repository is this student's work for this assignment.
CREATE TABLE forge_repositories (
    repo_full_name  text NOT NULL CHECK (repo_full_name = lower(repo_full_name)),
    assignment_id   text NOT NULL REFERENCES assignments (id),
    student_id      bigint NOT NULL REFERENCES students (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repo_full_name, assignment_id)
);

-- A push accepted for grading: one per delivery (and assignment) and one per commit of a student's assignment,
-- so redelivery and re-pushing the same commit create nothing new.
CREATE TABLE forge_pushes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id     text NOT NULL,
    course_id       text NOT NULL REFERENCES courses (id),
    repo_full_name  text NOT NULL,
    commit_sha      text NOT NULL CHECK (length(commit_sha) = 40 AND commit_sha ~ '^[0-9a-f]+$'),
    assignment_id   text NOT NULL REFERENCES assignments (id),
    student_id      bigint NOT NULL REFERENCES students (id),
    -- received -> submitted (files fetched, submission made) | rejected (student must fix) | failed (forge unusable)
    state           text NOT NULL CHECK (state IN ('received', 'submitted', 'rejected', 'failed')),
    error           text,
    submission_id   uuid REFERENCES submissions (id) ON DELETE SET NULL,
    reported_state  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (delivery_id, assignment_id),
    UNIQUE (assignment_id, student_id, commit_sha)
);
CREATE INDEX forge_pushes_submission ON forge_pushes (submission_id);
