-- Amounts are read as whole sen, (amount * 100)::bigint, which is exact only for NUMERIC with scale 2
-- and at most 18 digits (as the migrations create them). A column altered by hand to another type
-- would be rounded silently; it is reported instead, and the commands refuse to start.
SELECT format('%s.%s is %s%s; monthend reads amounts as whole sen and needs numeric(p,2) with p <= 18, as its migrations made it',
              c.table_name, c.column_name, c.data_type,
              CASE WHEN c.numeric_scale IS NOT NULL AND c.data_type = 'numeric' THEN format('(%s,%s)', c.numeric_precision, c.numeric_scale) ELSE '' END)
FROM information_schema.columns c
JOIN (VALUES ('premium_transaction', 'premium_amount'), ('premium_transaction', 'fund_tabarru'), ('premium_transaction', 'fund_tanahud'),
             ('premium_transaction', 'fund_ujroh'), ('claims_transaction', 'claim_amount'), ('journal_entry_header', 'total_debit'),
             ('journal_entry_header', 'total_credit'), ('journal_entry_line', 'debit_amount'), ('journal_entry_line', 'credit_amount'))
    AS amount (table_name, column_name) ON amount.table_name = c.table_name AND amount.column_name = c.column_name
WHERE c.table_schema = current_schema()
  AND NOT coalesce(c.data_type = 'numeric' AND c.numeric_scale = 2 AND c.numeric_precision <= 18, FALSE)
ORDER BY c.table_name, c.column_name
