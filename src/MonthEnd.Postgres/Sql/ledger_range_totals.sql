-- A batch's entries are the contiguous range @first..@last of the ledger (one partition).
SELECT count(*)                                                                                AS line_count,
       coalesce(sum(debit_amount), 0)                                                          AS total_debit,
       coalesce(sum(credit_amount), 0)                                                         AS total_credit,
       coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'TABARRU'), 0)     AS net_tabarru,
       coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'TANAHUD'), 0)     AS net_tanahud,
       coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = 'UJROH'), 0)       AS net_ujroh
FROM journal_entry_line
WHERE je_id BETWEEN @first AND @last
