-- A reversal partition's mirror entries: the original's entries in @first..@last, renumbered by
-- @offset, dated @date, debit and credit totals swapped, described as the reversal of their entry.
-- The description rule is ReversalMirror.Description's.
INSERT INTO {header} (je_id, je_number, partition_no, je_date, je_type, reference_type, reference_id, template_code, description,
                      total_debit, total_credit)
SELECT je_id + @offset, je_id + @offset, @partitionNo, @date, je_type, reference_type, reference_id, template_code,
       'Reversal of JE ' || je_id || coalesce(': ' || description, ''), total_credit, total_debit
FROM main.journal_entry_header
WHERE je_id BETWEEN @first AND @last
ORDER BY je_id
