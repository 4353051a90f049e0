-- The staged header and line tables are indexed on two connections at once (two cores sort at
-- the same time), so each table gets its own call: its primary key and the CHECK of the batch's
-- number range in one ALTER TABLE. The caller holds the batch's commit lock, so no other process
-- indexes the same table meanwhile. A duplicate JE number fails here (unique_violation).
CREATE FUNCTION monthend_index_staging_table(p_batch_key BIGINT, p_table TEXT, p_first BIGINT, p_last BIGINT)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
    k TEXT;
    actions TEXT[] := '{}';
BEGIN
    CASE p_table
        WHEN 'header' THEN t := monthend_staging_header(p_batch_key); k := 'je_id';
        WHEN 'line' THEN t := monthend_staging_line(p_batch_key); k := 'je_id, line_number';
        ELSE RAISE EXCEPTION 'unknown staging table %', p_table;
    END CASE;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t::regclass AND contype = 'p') THEN
        actions := actions || format('ADD PRIMARY KEY (%s)', k);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t::regclass AND conname = t || '_range') THEN
        actions := actions || format('ADD CONSTRAINT %I CHECK (je_id >= %s AND je_id < %s)', t || '_range', p_first, p_last + 1);
    END IF;
    IF cardinality(actions) > 0 THEN
        EXECUTE format('ALTER TABLE %I ', t) || array_to_string(actions, ', ');
    END IF;
END $$;

DROP FUNCTION monthend_index_staging(BIGINT, BIGINT, BIGINT);
