-- A batch's lines per account and fund: its entries are the contiguous range @first..@last of the ledger.
SELECT account_code, fund_type, count(*), coalesce(sum(debit_amount), 0), coalesce(sum(credit_amount), 0)
FROM journal_entry_line
WHERE je_id BETWEEN @first AND @last
GROUP BY account_code, fund_type
ORDER BY account_code, fund_type
