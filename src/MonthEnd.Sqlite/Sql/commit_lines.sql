INSERT INTO journal_entry_line (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)
SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description
FROM {line}
ORDER BY je_id, line_number
