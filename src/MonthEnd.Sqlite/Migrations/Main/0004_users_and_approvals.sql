-- The product's users, their roles and API tokens (IUserStore), and four-eyes approval requests
-- (IApprovalStore). STRICT tables: a value of another type than its column is refused, not kept.
--
-- User names compare case-insensitively through COLLATE NOCASE, which folds the ASCII letters A-Z
-- and nothing else: PostgreSQL's store folds exactly the same (MonthEnd.Core.Security.UserNames).
-- Role and token rows carry the user's name as app_user stores it.
--
-- Times are given by the caller and stored as ISO-8601 UTC text with six fractional digits
-- ('2026-01-31T17:00:00.000000Z', Rows/UtcText.cs): the precision of PostgreSQL's timestamptz, so
-- both stores give back the same instant, and a fixed width, so text order is time order (a
-- request's expiry and a user's lock are compared as text).
CREATE TABLE app_user (
    user_name     TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE CHECK (length(user_name) BETWEEN 1 AND 256),
    password_hash TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TEXT,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL
) STRICT;

CREATE TABLE app_user_role (
    user_name TEXT NOT NULL COLLATE NOCASE REFERENCES app_user (user_name),
    role      TEXT NOT NULL CHECK (role IN ('batch_admin', 'batch_operator', 'finance_viewer', 'auditor', 'batch_worker')),
    PRIMARY KEY (user_name, role)
) STRICT;

-- Only the token's hash is kept (hex SHA-256 of its secret); the id is public and short.
CREATE TABLE api_token (
    token_id     TEXT NOT NULL PRIMARY KEY CHECK (length(token_id) BETWEEN 1 AND 256),
    user_name    TEXT NOT NULL COLLATE NOCASE REFERENCES app_user (user_name),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) BETWEEN 1 AND 256),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
) STRICT;
CREATE INDEX ix_api_token_user ON api_token (user_name);

-- One user asks, another decides once (a conditional UPDATE), then the operation's result is
-- recorded. The subject is the operation's arguments as JSON, kept to the character. AUTOINCREMENT:
-- an id the audit trail names is never given to another request.
CREATE TABLE approval_request (
    request_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    operation    TEXT NOT NULL,
    subject      TEXT NOT NULL CHECK (json_valid(subject)),
    reason       TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'PENDING'
                      CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTED', 'FAILED')),
    decided_by   TEXT,
    decided_at   TEXT,
    outcome      TEXT,
    -- Decided (by someone, at some time) exactly when it was approved or rejected, executed or not.
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
    CHECK ((status IN ('PENDING', 'EXPIRED')) = (decided_by IS NULL)),
    -- An outcome exactly when the approved operation ran.
    CHECK ((status IN ('EXECUTED', 'FAILED')) = (outcome IS NOT NULL))
) STRICT;
CREATE INDEX ix_approval_request_status ON approval_request (status, requested_at);
