-- Version 1: projects, runs, tiers, phases and the event log.
-- Portable SQL: INTEGER PRIMARY KEY is the row id (SQLite); times are UTC ISO-8601
-- text with milliseconds; lists are JSON text; booleans are 0/1.

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL UNIQUE,
    repo_path TEXT NOT NULL UNIQUE,
    base_branch VARCHAR(255) NOT NULL,
    ruleset_json TEXT NOT NULL,
    ci_commands_json TEXT NOT NULL,
    protected_globs_json TEXT NOT NULL,
    created_at VARCHAR(32) NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    run_id VARCHAR(200) NOT NULL UNIQUE,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    state VARCHAR(40) NOT NULL,
    safety_profile VARCHAR(40) NOT NULL,
    run_scope VARCHAR(40) NOT NULL,
    token_cap BIGINT NOT NULL,
    max_phases INTEGER NOT NULL,
    max_duration_minutes INTEGER NOT NULL,
    max_minor_issues_total INTEGER NOT NULL,
    tokens_used BIGINT NOT NULL DEFAULT 0,
    ci_runs_used INTEGER NOT NULL DEFAULT 0,
    minor_issues INTEGER NOT NULL DEFAULT 0,
    major_issues INTEGER NOT NULL DEFAULT 0,
    promotion_eligible INTEGER NOT NULL DEFAULT 0,
    debt_status TEXT NOT NULL DEFAULT '',
    failure_reason TEXT NOT NULL DEFAULT '',
    strategy_json TEXT NOT NULL DEFAULT '',
    integration_branch TEXT NOT NULL DEFAULT '',
    base_commit VARCHAR(64) NOT NULL DEFAULT '',
    created_at VARCHAR(32) NOT NULL,
    started_at VARCHAR(32),
    completed_at VARCHAR(32),
    updated_at VARCHAR(32) NOT NULL
);
CREATE INDEX runs_project ON runs(project_id);

CREATE TABLE tiers (
    id INTEGER PRIMARY KEY,
    run_row_id INTEGER NOT NULL REFERENCES runs(id),
    run_id VARCHAR(200) NOT NULL,
    tier_id VARCHAR(200) NOT NULL,
    tier_index INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    state VARCHAR(40) NOT NULL,
    cleanliness VARCHAR(20) NOT NULL,
    token_cap BIGINT NOT NULL DEFAULT 0,
    tokens_used BIGINT NOT NULL DEFAULT 0,
    ci_run_cap INTEGER NOT NULL DEFAULT 0,
    ci_runs_used INTEGER NOT NULL DEFAULT 0,
    max_minor_issues_tolerated INTEGER NOT NULL DEFAULT 0,
    max_major_issues_tolerated INTEGER NOT NULL DEFAULT 0,
    minor_issues INTEGER NOT NULL DEFAULT 0,
    major_issues INTEGER NOT NULL DEFAULT 0,
    updated_at VARCHAR(32) NOT NULL,
    UNIQUE (run_id, tier_id)
);
CREATE INDEX tiers_run ON tiers(run_row_id);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    run_row_id INTEGER NOT NULL REFERENCES runs(id),
    tier_row_id INTEGER NOT NULL REFERENCES tiers(id),
    run_id VARCHAR(200) NOT NULL,
    tier_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    phase_index INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    task_category VARCHAR(100) NOT NULL,
    complexity VARCHAR(40) NOT NULL,
    builder_mode VARCHAR(40) NOT NULL,
    state VARCHAR(40) NOT NULL,
    builder_attempts INTEGER NOT NULL DEFAULT 0,
    max_builder_attempts INTEGER NOT NULL DEFAULT 0,
    auditor_attempts INTEGER NOT NULL DEFAULT 0,
    max_auditor_attempts INTEGER NOT NULL DEFAULT 0,
    tokens_used BIGINT NOT NULL DEFAULT 0,
    incident_token_cap BIGINT NOT NULL DEFAULT 0,
    minor_issues INTEGER NOT NULL DEFAULT 0,
    major_issues INTEGER NOT NULL DEFAULT 0,
    issue_state VARCHAR(40) NOT NULL DEFAULT 'no_issues',
    base_commit VARCHAR(64) NOT NULL DEFAULT '',
    candidate_commit VARCHAR(64) NOT NULL DEFAULT '',
    awaiting_reviewer INTEGER NOT NULL DEFAULT 0,
    updated_at VARCHAR(32) NOT NULL,
    UNIQUE (run_id, phase_id)
);
CREATE INDEX phases_run ON phases(run_row_id);
CREATE INDEX phases_tier ON phases(tier_row_id);

-- Append-only: the store inserts and never updates or deletes.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    time VARCHAR(32) NOT NULL,
    entity_kind VARCHAR(10) NOT NULL,
    entity_row_id INTEGER NOT NULL,
    run_id VARCHAR(200) NOT NULL,
    entity_id VARCHAR(200) NOT NULL,
    from_state VARCHAR(40) NOT NULL,
    to_state VARCHAR(40) NOT NULL,
    actor VARCHAR(20) NOT NULL,
    actor_name TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX events_run ON events(run_id, id);
