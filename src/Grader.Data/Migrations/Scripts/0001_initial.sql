-- 0001: courses, assignments with their rubric versions, people, tokens, submissions, files, marks.
-- Applied once by MigrationRunner inside a transaction; never edit an applied script, add a new one.

CREATE TABLE courses (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]*$'),
    title       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assignments (
    id                  text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]*$'),
    course_id           text NOT NULL REFERENCES courses (id),
    title               text NOT NULL,
    deadline            timestamptz,
    current_version_id  bigint,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Every rubric version is kept with its YAML: a mark names the version that produced it.
CREATE TABLE rubric_versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id  text NOT NULL REFERENCES assignments (id),
    version        integer NOT NULL,
    content_hash   text NOT NULL,
    yaml           text NOT NULL,
    source_name    text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (assignment_id, version),
    UNIQUE (assignment_id, content_hash)
);

ALTER TABLE assignments ADD FOREIGN KEY (current_version_id) REFERENCES rubric_versions (id);

CREATE TABLE students (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id     text NOT NULL REFERENCES courses (id),
    external_id   text NOT NULL,
    name          text NOT NULL,
    index_number  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (course_id, external_id)
);

CREATE TABLE staff (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id    text NOT NULL REFERENCES courses (id),
    external_id  text NOT NULL,
    name         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (course_id, external_id)
);

-- Only the SHA-256 of a token is stored; the token itself is shown once, when it is made.
CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    student_id  bigint REFERENCES students (id),
    staff_id    bigint REFERENCES staff (id),
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    CHECK ((student_id IS NULL) <> (staff_id IS NULL))
);

-- Uploaded files, content-addressed: the same bytes are stored once.
CREATE TABLE file_blobs (
    sha256      bytea PRIMARY KEY CHECK (length(sha256) = 32),
    size        bigint NOT NULL CHECK (size >= 0),
    content     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE submissions (
    id                 uuid PRIMARY KEY,
    assignment_id      text NOT NULL REFERENCES assignments (id),
    rubric_version_id  bigint NOT NULL REFERENCES rubric_versions (id),
    student_id         bigint NOT NULL REFERENCES students (id),
    submitted_at       timestamptz NOT NULL,
    is_late            boolean NOT NULL,
    status             text NOT NULL,
    idempotency_key    text,
    request_hash       bytea,
    graded_at          timestamptz,
    error              text,
    UNIQUE (student_id, idempotency_key)
);
CREATE INDEX submissions_student ON submissions (student_id, submitted_at DESC);
CREATE INDEX submissions_assignment ON submissions (assignment_id, submitted_at DESC);

CREATE TABLE submission_files (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id  uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    role           text NOT NULL CHECK (role IN ('answers', 'model')),
    item_id        text NOT NULL DEFAULT '',
    file_name      text NOT NULL,
    content_type   text NOT NULL,
    sha256         bytea NOT NULL REFERENCES file_blobs (sha256),
    size           bigint NOT NULL,
    UNIQUE (submission_id, role, item_id)
);

-- One mark per submission and item: writing it twice overwrites, never duplicates.
CREATE TABLE marks (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id      uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    item_id            text NOT NULL,
    rubric_version_id  bigint NOT NULL REFERENCES rubric_versions (id),
    points             double precision NOT NULL,
    max_points         double precision NOT NULL,
    bonus              boolean NOT NULL,
    source             text NOT NULL CHECK (source IN ('auto', 'manual', 'override', 'error')),
    result             text NOT NULL,
    feedback           text NOT NULL,
    details            jsonb,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submission_id, item_id)
);
