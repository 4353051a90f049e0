-- A reversal partition's mirror lines: each original line in @first..@last with debit and credit swapped.
INSERT INTO {line} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)
SELECT je_id + @offset, line_number, account_code, fund_type, credit_amount, debit_amount, description
FROM main.journal_entry_line
WHERE je_id BETWEEN @first AND @last
ORDER BY je_id, line_number
