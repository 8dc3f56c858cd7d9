-- Version 3: work leases. A builder or auditor claims a phase for a limited time and
-- keeps it with heartbeats; an expired lease frees the phase for someone else.

CREATE TABLE leases (
    id INTEGER PRIMARY KEY,
    phase_row_id INTEGER NOT NULL REFERENCES phases(id),
    run_id VARCHAR(200) NOT NULL,
    phase_id VARCHAR(200) NOT NULL,
    role VARCHAR(20) NOT NULL,
    holder VARCHAR(200) NOT NULL,
    acquired_at VARCHAR(32) NOT NULL,
    heartbeat_at VARCHAR(32) NOT NULL,
    expires_at VARCHAR(32) NOT NULL,
    released_at VARCHAR(32),
    release_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX leases_phase ON leases(phase_row_id, role);
CREATE INDEX leases_open ON leases(released_at, expires_at);
