-- Each fund's balance (credits - debits) over every entry numbered before @first.
SELECT fund_type, coalesce(sum(credit_amount - debit_amount), 0)
FROM journal_entry_line
WHERE je_id < @first AND fund_type IS NOT NULL
GROUP BY fund_type
