-- Personal data a source row may carry (the original design's SensitiveDataHandler fields): the
-- bank account the money comes from or goes to, and the policy holder's id (an NIK, an insurer's
-- own number). Nothing is posted from them and the source checksum does not cover them (it covers
-- what posting reads); a finding of validate-source names its record's holder and account by their
-- last four characters (MonthEnd.Core.Privacy.MonthEndTaxonomy.Masked). Nullable: upstream loads
-- that have neither keep working. Plain TEXT, like the other codes of the source: the columns are
-- not typed as numbers, as an account number's leading zeros and a holder id's letters matter.
ALTER TABLE premium_transaction ADD COLUMN account_number TEXT;
ALTER TABLE premium_transaction ADD COLUMN policy_holder_id TEXT;
ALTER TABLE claims_transaction ADD COLUMN account_number TEXT;
ALTER TABLE claims_transaction ADD COLUMN policy_holder_id TEXT;
