SELECT count(*)                                                                             AS line_count,
       coalesce(sum(debit_amount), 0)                                                       AS total_debit,
       coalesce(sum(credit_amount), 0)                                                      AS total_credit,
       coalesce(sum(CASE WHEN fund_type = 'TABARRU' THEN credit_amount - debit_amount END), 0) AS net_tabarru,
       coalesce(sum(CASE WHEN fund_type = 'TANAHUD' THEN credit_amount - debit_amount END), 0) AS net_tanahud,
       coalesce(sum(CASE WHEN fund_type = 'UJROH' THEN credit_amount - debit_amount END), 0)   AS net_ujroh,
       coalesce(sum(debit_amount < 0 OR credit_amount < 0 OR (debit_amount <> 0 AND credit_amount <> 0)), 0) AS malformed
FROM staging.staging_je_line
