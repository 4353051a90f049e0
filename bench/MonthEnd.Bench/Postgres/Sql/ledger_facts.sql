-- What a ledger holds, to compare one run's ledger with another's: counts, totals, each fund's net
-- change (credit - debit, as the commit computes it), and an order-independent fingerprint of every
-- row's content (everything but who/when posted and the batch id). Equal fingerprints mean the same
-- entries under the same JE numbers. {header} and {line} are the ledger tables (fixed names).
SELECT h.headers, h.header_fingerprint, l.lines, l.total_debit, l.total_credit, l.net_tabarru, l.net_tanahud, l.net_ujroh, l.line_fingerprint
FROM (
    SELECT count(*) AS headers,
           coalesce(sum(hashtextextended(ROW (je_id, je_number, je_date, je_type, reference_type, reference_id, description,
                                              total_debit, total_credit, status, coa_version_id, template_code, created_by)::text, 0)::numeric), 0)
               AS header_fingerprint
    FROM {header}
) h, (
    SELECT count(*)                                                                            AS lines,
           coalesce(sum(debit_amount), 0)                                                      AS total_debit,
           coalesce(sum(credit_amount), 0)                                                     AS total_credit,
           coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'TABARRU'), 0) AS net_tabarru,
           coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'TANAHUD'), 0) AS net_tanahud,
           coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'UJROH'), 0)   AS net_ujroh,
           coalesce(sum(hashtextextended(ROW (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)::text, 0)::numeric), 0)
               AS line_fingerprint
    FROM {line}
) l
