-- Per account and fund: every line dated before @start, and the lines dated @start..@end (je_date is YYYY-MM-DD text).
SELECT l.account_code, l.fund_type,
       coalesce(sum(CASE WHEN h.je_date < @start THEN l.debit_amount END), 0),
       coalesce(sum(CASE WHEN h.je_date < @start THEN l.credit_amount END), 0),
       coalesce(sum(CASE WHEN h.je_date >= @start THEN l.debit_amount END), 0),
       coalesce(sum(CASE WHEN h.je_date >= @start THEN l.credit_amount END), 0)
FROM journal_entry_header h
JOIN journal_entry_line l ON l.je_id = h.je_id
WHERE h.je_date <= @end
GROUP BY l.account_code, l.fund_type
ORDER BY l.account_code, l.fund_type
