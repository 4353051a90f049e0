SELECT je_number FROM (
    SELECT l.je_number
    FROM (SELECT je_number, sum(debit_amount) AS d, sum(credit_amount) AS c FROM staging.staging_je_line GROUP BY je_number) AS l
    LEFT JOIN staging.staging_je_header AS h ON h.je_number = l.je_number
    WHERE l.d <> l.c OR h.je_number IS NULL OR h.total_debit <> l.d OR h.total_credit <> l.c
    UNION ALL
    SELECT h.je_number FROM staging.staging_je_header AS h
    WHERE NOT EXISTS (SELECT 1 FROM staging.staging_je_line AS x WHERE x.je_number = h.je_number)
    UNION ALL
    SELECT DISTINCT je_number FROM staging.staging_je_line
    WHERE debit_amount < 0 OR credit_amount < 0 OR (debit_amount <> 0 AND credit_amount <> 0))
ORDER BY je_number LIMIT 10
