-- Personal data a source row may carry (the original design's SensitiveDataHandler fields): the
-- bank account the money comes from or goes to, and the policy holder's id (an NIK, an insurer's
-- own number). Nothing is posted from them and the source checksum does not cover them (it covers
-- what posting reads); a finding of validate-source names its record's holder and account by their
-- last four characters (MonthEnd.Core.Privacy.MonthEndTaxonomy.Masked). Nullable and without a
-- default, so adding them rewrites no row; TEXT, as an account number's leading zeros and a holder
-- id's letters matter.
ALTER TABLE premium_transaction ADD COLUMN account_number TEXT, ADD COLUMN policy_holder_id TEXT;
ALTER TABLE claims_transaction ADD COLUMN account_number TEXT, ADD COLUMN policy_holder_id TEXT;
