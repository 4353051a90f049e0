-- Reference (a): the month-end as a DBA would write it in SQL, with no validation and no staging.
-- One INSERT ... SELECT per ledger table straight from the source tables, then the source rows are
-- marked, all in one transaction (the harness runs each "-- step:" as one statement and times it).
-- The templates come from the stored rule set (posting_template, posting_template_line,
-- claim_type_route). JE numbers are gap-free and the same as MonthEnd's: premiums first in txn_id
-- order, one number per premium template in posting order (@premium_templates), then claims in
-- claim_id order. A header's total is the amount of its template's debit line (one per template).
-- Parameters: @first, @rule_set_id, @premium_templates, @start, @end, @premium_statuses,
-- @claim_statuses, @batch_id, @posted_by. {header} and {line} are the ledger tables (fixed names).

-- step: ledger headers
INSERT INTO {header} (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit,
                      status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at)
WITH premium AS (
    SELECT p.txn_id, p.payment_date, p.premium_amount, p.fund_tabarru, p.fund_tanahud, p.fund_ujroh,
           row_number() OVER (ORDER BY p.txn_id) - 1 AS n
    FROM premium_transaction p
    WHERE NOT p.batch_processed AND p.payment_date BETWEEN @start AND @end AND p.status = ANY (@premium_statuses)
), premium_template AS (
    SELECT o.k - 1 AS k, t.template_code, t.je_type, t.description, d.amount_field
    FROM unnest(@premium_templates::text[]) WITH ORDINALITY AS o (template_code, k)
    JOIN posting_template t ON t.rule_set_id = @rule_set_id AND t.template_code = o.template_code
    JOIN posting_template_line d ON d.rule_set_id = t.rule_set_id AND d.template_code = t.template_code AND d.side = 'DEBIT'
), claim AS (
    SELECT c.claim_id, c.claim_date, c.claim_amount, r.template_code, row_number() OVER (ORDER BY c.claim_id) - 1 AS n
    FROM claims_transaction c
    JOIN claim_type_route r ON r.rule_set_id = @rule_set_id AND r.claim_type = c.claim_type
    WHERE NOT c.batch_processed AND c.claim_date BETWEEN @start AND @end AND c.status = ANY (@claim_statuses)
), amount AS (
    SELECT p.*, t.*, CASE t.amount_field WHEN 'FUND_TABARRU' THEN p.fund_tabarru WHEN 'FUND_TANAHUD' THEN p.fund_tanahud
                                         WHEN 'FUND_UJROH' THEN p.fund_ujroh ELSE p.premium_amount END AS amount
    FROM premium p CROSS JOIN premium_template t
), rules AS (
    SELECT coa_version_id, cardinality(@premium_templates::text[]) AS per_premium,
           (SELECT count(*) FROM premium) AS premiums
    FROM posting_rule_set WHERE rule_set_id = @rule_set_id
)
SELECT @first + a.n * r.per_premium + a.k, @first + a.n * r.per_premium + a.k, a.payment_date, a.je_type, 'PREMIUM', a.txn_id,
       a.description, a.amount, a.amount, 'POSTED', r.coa_version_id, a.template_code, 'BATCH_SYSTEM', @posted_by, now(), @batch_id, now()
FROM amount a CROSS JOIN rules r
UNION ALL
SELECT @first + r.premiums * r.per_premium + c.n, @first + r.premiums * r.per_premium + c.n, c.claim_date, t.je_type, 'CLAIM', c.claim_id,
       t.description, c.claim_amount, c.claim_amount, 'POSTED', r.coa_version_id, t.template_code, 'BATCH_SYSTEM', @posted_by, now(), @batch_id, now()
FROM claim c
JOIN posting_template t ON t.rule_set_id = @rule_set_id AND t.template_code = c.template_code
CROSS JOIN rules r;

-- step: ledger lines
INSERT INTO {line} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)
WITH premium AS (
    SELECT p.txn_id, p.premium_amount, p.fund_tabarru, p.fund_tanahud, p.fund_ujroh, row_number() OVER (ORDER BY p.txn_id) - 1 AS n
    FROM premium_transaction p
    WHERE NOT p.batch_processed AND p.payment_date BETWEEN @start AND @end AND p.status = ANY (@premium_statuses)
), premium_line AS (
    SELECT o.k - 1 AS k, l.line_number, l.side, l.account_code, l.fund_type, l.amount_field, l.memo
    FROM unnest(@premium_templates::text[]) WITH ORDINALITY AS o (template_code, k)
    JOIN posting_template_line l ON l.rule_set_id = @rule_set_id AND l.template_code = o.template_code
), claim AS (
    SELECT c.claim_id, c.claim_amount, r.template_code, row_number() OVER (ORDER BY c.claim_id) - 1 AS n
    FROM claims_transaction c
    JOIN claim_type_route r ON r.rule_set_id = @rule_set_id AND r.claim_type = c.claim_type
    WHERE NOT c.batch_processed AND c.claim_date BETWEEN @start AND @end AND c.status = ANY (@claim_statuses)
), amount AS (
    SELECT p.n, l.k, l.line_number, l.side, l.account_code, l.fund_type, l.memo,
           CASE l.amount_field WHEN 'FUND_TABARRU' THEN p.fund_tabarru WHEN 'FUND_TANAHUD' THEN p.fund_tanahud
                               WHEN 'FUND_UJROH' THEN p.fund_ujroh ELSE p.premium_amount END AS amount
    FROM premium p CROSS JOIN premium_line l
), counts AS (
    SELECT cardinality(@premium_templates::text[]) AS per_premium, (SELECT count(*) FROM premium) AS premiums
)
SELECT @first + a.n * r.per_premium + a.k, a.line_number, a.account_code, a.fund_type,
       CASE a.side WHEN 'DEBIT' THEN a.amount ELSE 0 END, CASE a.side WHEN 'CREDIT' THEN a.amount ELSE 0 END, a.memo
FROM amount a CROSS JOIN counts r
UNION ALL
SELECT @first + r.premiums * r.per_premium + c.n, l.line_number, l.account_code, l.fund_type,
       CASE l.side WHEN 'DEBIT' THEN c.claim_amount ELSE 0 END, CASE l.side WHEN 'CREDIT' THEN c.claim_amount ELSE 0 END, l.memo
FROM claim c
JOIN posting_template_line l ON l.rule_set_id = @rule_set_id AND l.template_code = c.template_code
CROSS JOIN counts r;

-- step: source marked
WITH premiums AS (
    UPDATE premium_transaction SET batch_processed = TRUE, batch_id = @batch_id, je_created_at = now()
    WHERE NOT batch_processed AND payment_date BETWEEN @start AND @end AND status = ANY (@premium_statuses)
    RETURNING 1
), claims AS (
    UPDATE claims_transaction SET batch_processed = TRUE, batch_id = @batch_id, je_created_at = now()
    WHERE NOT batch_processed AND claim_date BETWEEN @start AND @end AND status = ANY (@claim_statuses)
    RETURNING 1
)
SELECT (SELECT count(*) FROM premiums) AS premiums, (SELECT count(*) FROM claims) AS claims;
