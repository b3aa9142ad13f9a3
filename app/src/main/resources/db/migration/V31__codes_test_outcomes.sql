-- Test outcomes the colour rules read (issue 13): a positive single-tube result and a recall
-- for a single-tube retest after a positive pooled tube; both the sampling time of the tube.
ALTER TABLE code_fact ADD COLUMN positive_test_at TIMESTAMPTZ;
ALTER TABLE code_fact ADD COLUMN recalled_at TIMESTAMPTZ;
