-- A reversal partition's staged entries into the ledger, each linked to the entry it reverses.
INSERT INTO journal_entry_header (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit,
                                  total_credit, status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id,
                                  batch_created_at, reverses_je_id)
SELECT je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit,
       total_credit, 'POSTED', @coa, template_code, 'BATCH_SYSTEM', @postedBy, @postedAt, @batchId,
       @batchCreatedAt, je_id - @offset
FROM {header}
ORDER BY je_id
