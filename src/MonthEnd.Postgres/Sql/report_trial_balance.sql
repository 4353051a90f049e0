-- Per account and fund: every line dated before @start, and the lines dated @start..@end.
SELECT l.account_code, l.fund_type,
       coalesce(sum(l.debit_amount) FILTER (WHERE h.je_date < @start), 0),
       coalesce(sum(l.credit_amount) FILTER (WHERE h.je_date < @start), 0),
       coalesce(sum(l.debit_amount) FILTER (WHERE h.je_date >= @start), 0),
       coalesce(sum(l.credit_amount) FILTER (WHERE h.je_date >= @start), 0)
FROM journal_entry_header h
JOIN journal_entry_line l ON l.je_id = h.je_id
WHERE h.je_date <= @end
GROUP BY l.account_code, l.fund_type
ORDER BY l.account_code, l.fund_type NULLS FIRST
