-- Version 5: answers to POSTs that carried an Idempotency-Key, so an agent retrying
-- after Autopack restarted still gets the first answer instead of a second run.
-- scope identifies the caller (a hash of its token); fingerprint the request (method,
-- target, body). The answer is kept as sent: status, headers (a JSON array of
-- [name, value] pairs) and body.

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    status INTEGER NOT NULL,
    headers_json TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
