-- The product's users, their roles and API tokens (IUserStore), and four-eyes approval requests
-- (IApprovalStore). Times are given by the caller; timestamptz keeps them to the microsecond (the
-- SQLite store keeps the same precision).
--
-- User names compare case-insensitively as lower(user_name COLLATE "C"): under the "C" collation
-- lower() folds the ASCII letters A-Z and nothing else, whatever the database's locale, exactly as
-- SQLite's NOCASE does (MonthEnd.Core.Security.UserNames). Under a Unicode locale a bare lower()
-- would also fold 'Ä', and 'Äsa' and 'äsa' would be one user here and two in SQLite. Role and token
-- rows carry the user's name as app_user stores it (the foreign keys compare exactly).
CREATE TABLE app_user (
    user_name     TEXT        PRIMARY KEY CHECK (length(user_name) BETWEEN 1 AND 256),
    password_hash TEXT,
    disabled      BOOLEAN     NOT NULL DEFAULT FALSE,
    failed_logins INTEGER     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT        NOT NULL
);
CREATE UNIQUE INDEX ux_app_user_name ON app_user (lower(user_name COLLATE "C"));

CREATE TABLE app_user_role (
    user_name TEXT NOT NULL REFERENCES app_user (user_name),
    role      TEXT NOT NULL CHECK (role IN ('batch_admin', 'batch_operator', 'finance_viewer', 'auditor', 'batch_worker')),
    PRIMARY KEY (user_name, role)
);

-- Only the token's hash is kept (hex SHA-256 of its secret); the id is public and short.
CREATE TABLE api_token (
    token_id     TEXT        PRIMARY KEY CHECK (length(token_id) BETWEEN 1 AND 256),
    user_name    TEXT        NOT NULL REFERENCES app_user (user_name),
    name         TEXT        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE CHECK (length(token_hash) BETWEEN 1 AND 256),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX ix_api_token_user ON api_token (lower(user_name COLLATE "C"));

-- One user asks, another decides once (a conditional UPDATE), then the operation's result is
-- recorded. The subject is the operation's arguments: json (not jsonb) keeps the text to the
-- character, key order and spacing included, and refuses what is not JSON.
CREATE TABLE approval_request (
    request_id   BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation    TEXT        NOT NULL,
    subject      JSON        NOT NULL,
    reason       TEXT        NOT NULL,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'PENDING'
                             CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTED', 'FAILED')),
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    outcome      TEXT,
    -- Decided (by someone, at some time) exactly when it was approved or rejected, executed or not.
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
    CHECK ((status IN ('PENDING', 'EXPIRED')) = (decided_by IS NULL)),
    -- An outcome exactly when the approved operation ran.
    CHECK ((status IN ('EXECUTED', 'FAILED')) = (outcome IS NOT NULL))
);
CREATE INDEX ix_approval_request_status ON approval_request (status, requested_at);
