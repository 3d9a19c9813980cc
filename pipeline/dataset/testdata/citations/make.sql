-- Judge files with clause citations as another tool writes them (run by
-- .ci/checks/25-dataset-duckdb.sh; a copy is committed beside this file):
-- DuckDB-written parquet, citation cells in several spellings (JSON lists
-- with and without spaces, comma- and semicolon-separated ids, empty
-- strings, nulls), and a second dataset whose one bad cell is a JSON list
-- that is not a list of strings.
-- Needs {{OUT}}/good/judge_evaluations and {{OUT}}/bad/judge_evaluations.
COPY (SELECT * FROM (VALUES
    ('o3', 11::BIGINT, 0::BIGINT, '11/0/neutral', 'compliant', '["a/b", "c"]', '["c"]'),
    ('o3', 11::BIGINT, 1::BIGINT, '11/1/neutral', 'non-compliant', 'a/b, c', 'c'),
    ('o3', 11::BIGINT, 2::BIGINT, '11/2/neutral', 'ambiguous', 'a/b;c', ''),
    ('o3', 11::BIGINT, 3::BIGINT, '11/3/neutral', 'compliant', NULL, NULL),
    ('o3', 11::BIGINT, 4::BIGINT, '11/4/neutral', 'compliant', ' [ "x" ] ', '[]')
  ) t(model, chunk_idx, entry_idx, query_key, claude_4_decision, claude_4_clauses, claude_4_violated))
  TO '{{OUT}}/good/judge_evaluations/std_2.5_to_3.0-00000-of-00001.parquet' (FORMAT parquet);
COPY (SELECT * FROM (VALUES
    ('o3', 11::BIGINT, 0::BIGINT, '11/0/neutral', 'compliant', '["a/b"]', '[]'),
    ('o3', 11::BIGINT, 1::BIGINT, '11/1/neutral', 'compliant', '["a/b", 3]', '[]')
  ) t(model, chunk_idx, entry_idx, query_key, claude_4_decision, claude_4_clauses, claude_4_violated))
  TO '{{OUT}}/bad/judge_evaluations/std_2.5_to_3.0-00000-of-00001.parquet' (FORMAT parquet);
