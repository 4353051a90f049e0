-- A reversal partition's staged lines that are not the mirror (debit and credit swapped) of the
-- original line of the same entry and number in @first..@last: how many, and the first entry.
SELECT count(*) AS mismatches, min(s.je_id) AS first_mismatch
FROM {line} s
LEFT JOIN main.journal_entry_line o ON o.je_id = s.je_id - @offset AND o.line_number = s.line_number AND o.je_id BETWEEN @first AND @last
WHERE o.je_id IS NULL
   OR s.account_code IS NOT o.account_code
   OR s.fund_type IS NOT o.fund_type
   OR s.debit_amount IS NOT o.credit_amount
   OR s.credit_amount IS NOT o.debit_amount
   OR s.description IS NOT o.description
