SELECT count(*)                                                          AS header_count,
       coalesce(sum(reference_type = 'PREMIUM'), 0)                      AS premium_headers,
       coalesce(sum(reference_type = 'CLAIM'), 0)                        AS claim_headers,
       min(je_number)                                                    AS min_je,
       max(je_number)                                                    AS max_je,
       coalesce(sum(CASE WHEN reference_type = 'PREMIUM' THEN total_debit END), 0) AS premium_debit,
       coalesce(sum(CASE WHEN reference_type = 'CLAIM' THEN total_debit END), 0)   AS claim_debit
FROM staging.staging_je_header
