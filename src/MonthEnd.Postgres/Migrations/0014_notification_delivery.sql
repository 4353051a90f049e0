-- Notifications (issue 13 item 4). A notification is derived from a fact the product writes anyway
-- (a batch_lifecycle_log row, an approval_request row); this table holds only its delivery per
-- channel: attempts, the lease of the dispatcher sending it, the next attempt, the last error, and
-- when the receiver acknowledged it. A row with delivered_at set is never sent again.
-- The dispatcher looks for due facts by anti-join, not by a high-water mark: an identity value is
-- taken before its transaction commits, so a later-committing event may carry a lower id.
CREATE TABLE notification_delivery (
    source          TEXT        NOT NULL CHECK (source IN ('batch_event', 'approval')),
    source_id       BIGINT      NOT NULL,
    channel         TEXT        NOT NULL CHECK (length(channel) BETWEEN 1 AND 64),
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT,
    PRIMARY KEY (source, source_id, channel)
);

-- The dispatcher looks for the few notifying events in a recent window, not through every event.
CREATE INDEX ix_batch_lifecycle_log_event ON batch_lifecycle_log (event, event_time);
