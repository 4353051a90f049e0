-- Per entry: lines grouped in je_number order (the line table's key), each group looked up in the
-- header table by its key. Headers with no lines at all are found by count difference.
SELECT count(*)                                                                        AS entries_with_lines,
       coalesce(sum(l.d <> l.c), 0)                                                    AS unbalanced,
       coalesce(sum(h.je_number IS NOT NULL AND (h.total_debit <> l.d OR h.total_credit <> l.c)), 0) AS mismatched,
       coalesce(sum(h.je_number IS NULL), 0)                                           AS orphan_groups,
       coalesce(sum(CASE WHEN h.je_number IS NULL THEN l.n END), 0)                    AS orphan_lines
FROM (SELECT je_number, sum(debit_amount) AS d, sum(credit_amount) AS c, count(*) AS n
      FROM staging.staging_je_line GROUP BY je_number) AS l
LEFT JOIN staging.staging_je_header AS h ON h.je_number = l.je_number
