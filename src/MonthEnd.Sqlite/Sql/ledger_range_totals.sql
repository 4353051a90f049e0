-- A batch's entries are the contiguous range @first..@last of the ledger.
SELECT count(*)                                                                                AS line_count,
       coalesce(sum(debit_amount), 0)                                                          AS total_debit,
       coalesce(sum(credit_amount), 0)                                                         AS total_credit,
       coalesce(sum(CASE WHEN fund_type = 'TABARRU' THEN credit_amount - debit_amount END), 0) AS net_tabarru,
       coalesce(sum(CASE WHEN fund_type = 'TANAHUD' THEN credit_amount - debit_amount END), 0) AS net_tanahud,
       coalesce(sum(CASE WHEN fund_type = 'UJROH' THEN credit_amount - debit_amount END), 0)   AS net_ujroh
FROM journal_entry_line
WHERE je_id BETWEEN @first AND @last
