-- A batch's entries, and the distinct premiums and claims they post with their amounts (an entry's total debit).
SELECT count(*),
       count(DISTINCT CASE WHEN reference_type = 'PREMIUM' THEN reference_id END),
       coalesce(sum(CASE WHEN reference_type = 'PREMIUM' THEN total_debit END), 0),
       count(DISTINCT CASE WHEN reference_type = 'CLAIM' THEN reference_id END),
       coalesce(sum(CASE WHEN reference_type = 'CLAIM' THEN total_debit END), 0)
FROM journal_entry_header
WHERE je_id BETWEEN @first AND @last
