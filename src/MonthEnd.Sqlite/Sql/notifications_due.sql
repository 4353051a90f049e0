-- Notifications due on one channel: notifying facts since @since with no delivery row on the
-- channel, or one not delivered whose next attempt has come and whose lease has run out.
-- A reversal batch's own commit is told by the REVERSED event of the batch it reverses.
WITH due AS (
    SELECT 'batch_event' AS source, e.event_id AS id, e.event AS event, e.event_time AS occurred_at, e.batch_id AS batch_id,
           NULL AS request_id, NULL AS operation, NULL AS requested_by, NULL AS expires_at
    FROM batch_lifecycle_log e
    JOIN staging_month_end_master m ON m.batch_id = e.batch_id
    LEFT JOIN notification_delivery d ON d.source = 'batch_event' AND d.source_id = e.event_id AND d.channel = @channel
    WHERE e.event IN (SELECT value FROM json_each(@events)) AND e.event_time >= @sinceEvent
      AND NOT (e.event = 'BATCH_COMMITTED' AND m.kind = 'REVERSAL')
      AND (d.source_id IS NULL OR (d.delivered_at_ms IS NULL AND d.next_attempt_ms <= @now AND coalesce(d.lease_until_ms, 0) <= @now))
    UNION ALL
    SELECT 'approval', a.request_id, 'APPROVAL_REQUESTED', substr(a.requested_at, 1, 23) || 'Z',
           CASE WHEN json_type(a.subject, '$.BatchId') = 'text' THEN json_extract(a.subject, '$.BatchId') END,
           a.request_id, a.operation, a.requested_by, a.expires_at
    FROM approval_request a
    LEFT JOIN notification_delivery d ON d.source = 'approval' AND d.source_id = a.request_id AND d.channel = @channel
    WHERE a.requested_at >= @sinceRequest
      AND (d.source_id IS NULL OR (d.delivered_at_ms IS NULL AND d.next_attempt_ms <= @now AND coalesce(d.lease_until_ms, 0) <= @now))
    ORDER BY occurred_at, source, id
    LIMIT @limit
)
SELECT due.source AS Source, due.id AS Id, due.event AS Event, due.occurred_at AS OccurredAt,
       m.batch_id AS BatchId, m.period AS Period, m.kind AS BatchKind,
       m.expected_je_count AS ExpectedEntries, m.actual_je_count AS CommittedEntries, m.premium_count AS Premiums, m.claim_count AS Claims,
       (SELECT count(*) FROM staging_worker_partition p WHERE p.batch_id = m.batch_id) AS Partitions,
       (SELECT count(*) FROM staging_worker_partition p WHERE p.batch_id = m.batch_id AND p.status = 'FAILED') AS FailedPartitions,
       CASE WHEN due.event = 'STATUS_FAILED' THEN
           (SELECT v.check_code FROM staging_validation_result v WHERE v.batch_id = m.batch_id AND v.passed = 0
            ORDER BY v.validation_run DESC, v.check_no LIMIT 1) END AS FailedCheck,
       due.request_id AS RequestId, due.operation AS Operation, due.requested_by AS RequestedBy, due.expires_at AS ExpiresAt
FROM due
LEFT JOIN staging_month_end_master m ON m.batch_id = due.batch_id
ORDER BY due.occurred_at, due.source, due.id
