-- Version 2: issues at three levels, agent tokens, reviews and CI attempts.

-- Phase level: one row per (phase, issue_key).
CREATE TABLE phase_issues (
    id INTEGER PRIMARY KEY,
    phase_row_id INTEGER NOT NULL REFERENCES phases(id),
    tier_row_id INTEGER NOT NULL REFERENCES tiers(id),
    run_row_id INTEGER NOT NULL REFERENCES runs(id),
    run_id VARCHAR(200) NOT NULL,
    tier_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    issue_key VARCHAR(300) NOT NULL,
    severity VARCHAR(10) NOT NULL,
    effective_severity VARCHAR(10) NOT NULL,
    source VARCHAR(100) NOT NULL,
    category VARCHAR(100) NOT NULL,
    task_category VARCHAR(100) NOT NULL,
    complexity VARCHAR(40) NOT NULL,
    expected_fail INTEGER NOT NULL DEFAULT 0,
    occurrence_count INTEGER NOT NULL DEFAULT 1,
    first_seen_run VARCHAR(200) NOT NULL,
    last_seen_run VARCHAR(200) NOT NULL,
    evidence_refs_json TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    UNIQUE (phase_row_id, issue_key)
);
CREATE INDEX phase_issues_run ON phase_issues(run_row_id, issue_key);
CREATE INDEX phase_issues_tier ON phase_issues(tier_row_id);

-- Run level: the run's index by issue_key.
CREATE TABLE run_issues (
    id INTEGER PRIMARY KEY,
    run_row_id INTEGER NOT NULL REFERENCES runs(id),
    run_id VARCHAR(200) NOT NULL,
    issue_key VARCHAR(300) NOT NULL,
    category VARCHAR(100) NOT NULL,
    severity VARCHAR(10) NOT NULL,
    effective_severity VARCHAR(10) NOT NULL,
    first_phase_index INTEGER NOT NULL,
    last_phase_index INTEGER NOT NULL,
    occurrence_count INTEGER NOT NULL,
    tiers_seen_json TEXT NOT NULL,
    phases_seen_json TEXT NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    UNIQUE (run_row_id, issue_key)
);

-- Project level: the backlog by issue_key.
CREATE TABLE backlog_issues (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    issue_key VARCHAR(300) NOT NULL,
    category VARCHAR(100) NOT NULL,
    base_severity VARCHAR(10) NOT NULL,
    effective_severity VARCHAR(10) NOT NULL,
    age_in_runs INTEGER NOT NULL,
    age_in_tiers INTEGER NOT NULL,
    first_run VARCHAR(200) NOT NULL,
    last_run VARCHAR(200) NOT NULL,
    last_seen VARCHAR(32) NOT NULL,
    status VARCHAR(20) NOT NULL,
    UNIQUE (project_id, issue_key)
);

-- Only the SHA-256 of a token is kept, never the token.
CREATE TABLE agent_tokens (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL UNIQUE,
    role VARCHAR(20) NOT NULL,
    token_sha256 VARCHAR(64) NOT NULL UNIQUE,
    created_at VARCHAR(32) NOT NULL,
    revoked_at VARCHAR(32),
    last_used_at VARCHAR(32)
);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    phase_row_id INTEGER NOT NULL REFERENCES phases(id),
    run_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    candidate_commit VARCHAR(64) NOT NULL,
    decision VARCHAR(20) NOT NULL,
    reason TEXT NOT NULL,
    reviewer VARCHAR(200) NOT NULL,
    time VARCHAR(32) NOT NULL
);
CREATE INDEX reviews_phase ON reviews(phase_row_id);

CREATE TABLE review_comments (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    path TEXT NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX review_comments_review ON review_comments(review_id);

CREATE TABLE ci_attempts (
    id INTEGER PRIMARY KEY,
    phase_row_id INTEGER NOT NULL REFERENCES phases(id),
    run_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    attempt INTEGER NOT NULL,
    profile VARCHAR(20) NOT NULL,
    command TEXT NOT NULL,
    candidate_commit VARCHAR(64) NOT NULL,
    exit_code INTEGER,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    output TEXT NOT NULL DEFAULT '',
    truncated INTEGER NOT NULL DEFAULT 0,
    status VARCHAR(20) NOT NULL,
    started_at VARCHAR(32) NOT NULL,
    finished_at VARCHAR(32)
);
CREATE INDEX ci_attempts_phase ON ci_attempts(phase_row_id);
