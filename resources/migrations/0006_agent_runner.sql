-- Version 6: what the agent runner (issue 13) adds. Agents report cost in dollars beside
-- tokens, summed like tokens per phase, tier and run; a requested audit is work an
-- auditor claims (with its focus); the transcript of each attempt is kept, bounded.

ALTER TABLE runs ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
ALTER TABLE tiers ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
ALTER TABLE phases ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
ALTER TABLE phases ADD COLUMN audit_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE phases ADD COLUMN audit_focus TEXT NOT NULL DEFAULT '';

CREATE TABLE transcript_events (
    id INTEGER PRIMARY KEY,
    phase_row_id INTEGER NOT NULL REFERENCES phases(id),
    run_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    attempt INTEGER NOT NULL,
    role VARCHAR(20) NOT NULL,
    agent VARCHAR(200) NOT NULL,
    time VARCHAR(32) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    tool VARCHAR(200) NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transcript_events_phase ON transcript_events(phase_row_id, id);
