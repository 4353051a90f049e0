-- The ledger tables the references write into, in the benchmark database, created before timing.
-- Reference (a): plain tables of the ledger's shape: the same columns, primary keys and CHECKs
-- as journal_entry_header / journal_entry_line (not partitioned).
-- step: set-based
CREATE TABLE ref_je_header (LIKE journal_entry_header INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE TABLE ref_je_line (LIKE journal_entry_line INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);

-- Reference (b): the same columns and types, and nothing else: no key, no index, no CHECK.
-- step: raw copy
CREATE TABLE floor_je_header (LIKE journal_entry_header);
CREATE TABLE floor_je_line (LIKE journal_entry_line);
