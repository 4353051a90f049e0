-- A reversal partition's staged entries that are not the mirror of an original entry of @first..@last
-- (the original's range): how many, and the first. IS NOT compares types too, so a value of another
-- type than its column's differs.
SELECT count(*) AS mismatches, min(s.je_id) AS first_mismatch
FROM {header} s
LEFT JOIN main.journal_entry_header o ON o.je_id = s.je_id - @offset AND o.je_id BETWEEN @first AND @last
WHERE o.je_id IS NULL
   OR s.je_number IS NOT s.je_id
   OR s.je_date IS NOT @date
   OR s.je_type IS NOT o.je_type
   OR s.reference_type IS NOT o.reference_type
   OR s.reference_id IS NOT o.reference_id
   OR s.template_code IS NOT o.template_code
   OR s.description IS NOT ('Reversal of JE ' || o.je_id || coalesce(': ' || o.description, ''))
   OR s.total_debit IS NOT o.total_credit
   OR s.total_credit IS NOT o.total_debit
