-- Version 4: an index by issue_key. Recording an issue counts, across the project, the
-- runs and tiers the key was seen in (its age); without this index SQLite walked every
-- run of the project for each recorded issue.

CREATE INDEX phase_issues_key ON phase_issues(issue_key, run_row_id, tier_row_id);
