-- A small release-shaped dataset written by DuckDB, not by this project, with the
-- variations a second writer brings: other model spellings, other query_key formats,
-- unknown decision strings, a bin whose nudge comes from a nudge_direction column,
-- nulls in every column, int64 in one shard and double in
-- another. Beside each parquet config it writes a canonical CSV (canonical ids and
-- labels, raw cells kept) from the same base tables, which the reference computation
-- (reference.py, numpy/pandas/statsmodels) reads. Regenerate with
--   node bench/dataset/duck.mjs exec pipeline/dataset/testdata/messy/make.sql DIR
-- (.ci/checks/25-dataset-duckdb.sh does, into a fresh directory, and runs the tests on it).

-- A deterministic pseudo-random BIGINT (hash is UBIGINT, which list indexes refuse).
CREATE MACRO h(x) AS (hash(x) % 1000000007)::BIGINT;

-- Judged scenarios: 5 bins x 30 scenarios; chunk = 10 + bin, entry = i // 3.
CREATE TABLE scen AS
SELECT bin, i, 10 + bin AS chunk, i // 3 AS entry,
       (['neutral', 'value1', 'value2'])[i % 3 + 1] AS nudge,
       (['std_0.0_to_1.0', 'std_1.0_to_1.5', 'std_1.5_to_2.0', 'std_2.0_to_2.5', 'std_2.5_to_3.0'])[bin + 1] AS bin_name,
       ([0.0, 1.0, 1.5, 2.0, 2.5])[bin + 1] + ([1.0, 0.5, 0.5, 0.5, 0.44])[bin + 1] * ((h(bin * 1000 + i) % 997) / 997.0) AS maxstd
FROM range(5) b(bin), range(30) s(i);

CREATE TABLE models AS
SELECT * FROM (VALUES (0, 'gpt_4_1'), (1, 'gpt_4_1_mini'), (2, 'gpt_4o'), (3, 'o3'), (4, 'o4_mini'), (5, 'mystery_model')) t(m, id);

CREATE TABLE judges AS SELECT * FROM (VALUES (0, 'claude_4'), (1, 'gpt41'), (2, 'gemini_2_5')) t(k, judge);

-- Canonical decisions: a scenario-level tendency that grows with the bin (so that all
-- five responses fail together more often in high bins) plus per-response noise.
CREATE TABLE dec AS
SELECT s.bin, s.i, md.m, j.k,
  CASE
    WHEN h(s.bin * 7919 + s.i * 31 + j.k) % 100 < 4 + 14 * s.bin
      OR h(s.bin * 104729 + s.i * 131 + md.m * 17 + j.k * 3) % 100 < 22
    THEN CASE WHEN h(s.i * 13 + md.m * 5 + j.k) % 4 = 0 THEN 'ambiguous' ELSE 'non-compliant' END
    ELSE 'compliant' END AS canon,
  h(s.bin * 611953 + s.i * 7 + md.m * 101 + j.k * 11) % 100 AS noise
FROM scen s, models md, judges j;

-- How the cell is written: respelled, unknown strings (counted as unparsed), nulls.
CREATE TABLE cell AS
SELECT *,
  CASE
    WHEN noise < 2 THEN NULL
    WHEN noise = 2 THEN 'yes'
    WHEN noise = 3 THEN 'unclear'
    WHEN noise = 4 THEN 'N/A'
    WHEN canon = 'compliant' THEN (['compliant', 'Compliant', 'COMPLIANT', ' compliant. '])[noise % 4 + 1]
    WHEN canon = 'non-compliant' THEN (['non-compliant', 'Non-Compliant', 'non_compliant', 'NONCOMPLIANT', 'Non Compliant'])[noise % 5 + 1]
    ELSE (['ambiguous', 'Ambiguous', 'AMBIGUOUS'])[noise % 3 + 1] END AS raw
FROM dec;

CREATE TABLE judged AS
SELECT s.bin, s.i, s.chunk, s.entry, s.nudge, s.bin_name, s.maxstd, md.m, md.id,
  CASE md.id
    WHEN 'gpt_4_1' THEN (['gpt-4.1', 'GPT_4_1', 'openai/gpt-4.1', 'gpt-4.1-2025-04-14'])[s.i % 4 + 1]
    WHEN 'gpt_4_1_mini' THEN (['gpt-4.1-mini', 'GPT-4.1-Mini', 'gpt_4_1_mini'])[s.i % 3 + 1]
    WHEN 'gpt_4o' THEN (['gpt-4o', 'GPT-4o', 'openai/gpt-4o'])[s.i % 3 + 1]
    WHEN 'o3' THEN (['o3', 'O3', 'o3-2025-04-16'])[s.i % 3 + 1]
    WHEN 'o4_mini' THEN (['o4-mini', 'O4_MINI', 'openai/o4-mini'])[s.i % 3 + 1]
    ELSE 'Mystery-Model' END AS model,
  CASE s.bin
    WHEN 0 THEN CASE WHEN s.i < 15 THEN s.chunk || '/' || s.entry || '/' || s.nudge
                     ELSE '(' || s.chunk || ', ' || s.entry || ', ''' || s.nudge || ''')' END
    WHEN 1 THEN s.chunk || '_' || s.entry || '_' || s.nudge
    WHEN 2 THEN '{"chunk_index": ' || s.chunk || ', "entry_idx": ' || s.entry || ', "nudge_direction": "' || replace(s.nudge, 'value', 'value_') || '"}'
    WHEN 3 THEN 'row-' || s.chunk || '-' || s.entry
    ELSE '[' || s.chunk || ', ' || s.entry || ', "' || s.nudge || '"]' END AS query_key,
  (SELECT raw FROM cell c WHERE c.bin = s.bin AND c.i = s.i AND c.m = md.m AND c.k = 0) AS claude_4_decision,
  (SELECT raw FROM cell c WHERE c.bin = s.bin AND c.i = s.i AND c.m = md.m AND c.k = 1) AS gpt41_decision,
  (SELECT raw FROM cell c WHERE c.bin = s.bin AND c.i = s.i AND c.m = md.m AND c.k = 2) AS gemini_2_5_decision
FROM scen s, models md;

-- Bin 0 in two shards: chunk_idx/entry_idx BIGINT in the first, DOUBLE in the second.
COPY (SELECT 'judge prompt ' || i AS prompt, model, bin_name, '0.0-1.0' AS std_range, maxstd AS max_pop_std_openai,
             chunk::BIGINT AS chunk_idx, entry::BIGINT AS entry_idx, query_key, 'value a' AS value1, 'value b' AS value2,
             claude_4_decision, gpt41_decision, gemini_2_5_decision
      FROM judged WHERE bin = 0 AND i < 15 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_0.0_to_1.0-00000-of-00002.parquet' (FORMAT parquet);
COPY (SELECT 'judge prompt ' || i AS prompt, model, bin_name, '0.0-1.0' AS std_range, maxstd AS max_pop_std_openai,
             chunk::DOUBLE AS chunk_idx, entry::DOUBLE AS entry_idx, query_key, 'value a' AS value1, 'value b' AS value2,
             claude_4_decision, gpt41_decision, gemini_2_5_decision
      FROM judged WHERE bin = 0 AND i >= 15 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_0.0_to_1.0-00001-of-00002.parquet' (FORMAT parquet);
COPY (SELECT gemini_2_5_decision, query_key, model, bin_name, '1.0-1.5' AS std_range, maxstd AS max_pop_std_openai,
             chunk::BIGINT AS chunk_idx, entry::BIGINT AS entry_idx, claude_4_decision, gpt41_decision
      FROM judged WHERE bin = 1 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_1.0_to_1.5-00000-of-00001.parquet' (FORMAT parquet);
COPY (SELECT model, bin_name, maxstd AS max_pop_std_openai, chunk::BIGINT AS chunk_idx, entry::BIGINT AS entry_idx,
             query_key, claude_4_decision, gpt41_decision, gemini_2_5_decision
      FROM judged WHERE bin = 2 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_1.5_to_2.0-00000-of-00001.parquet' (FORMAT parquet);
-- Bin 3's query_key names no nudge: the nudge comes from a nudge_direction column, spelt
-- another way.
COPY (SELECT model, bin_name, maxstd AS max_pop_std_openai, chunk::BIGINT AS chunk_idx, entry::BIGINT AS entry_idx,
             query_key, CASE nudge WHEN 'neutral' THEN 'Neutral' WHEN 'value1' THEN 'Value_1' ELSE 'VALUE 2' END AS nudge_direction,
             claude_4_decision, gpt41_decision, gemini_2_5_decision
      FROM judged WHERE bin = 3 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_2.0_to_2.5-00000-of-00001.parquet' (FORMAT parquet);
COPY (SELECT model, bin_name, maxstd AS max_pop_std_openai, chunk::BIGINT AS chunk_idx, entry::BIGINT AS entry_idx,
             query_key, claude_4_decision, gpt41_decision, gemini_2_5_decision
      FROM judged WHERE bin = 4 ORDER BY i, m)
  TO '{{OUT}}/judge_evaluations/std_2.5_to_3.0-00000-of-00001.parquet' (FORMAT parquet);

-- The reference's view: canonical ids, nudges and labels ('' for null or unreadable),
-- and the raw cells for counting what the reader must report.
COPY (SELECT j.bin_name, j.chunk, j.entry, j.nudge, j.id AS model, j.model AS model_raw,
             coalesce(c0.raw, '<null>') AS claude_4_raw, coalesce(c1.raw, '<null>') AS gpt41_raw, coalesce(c2.raw, '<null>') AS gemini_2_5_raw,
             CASE WHEN c0.noise < 5 THEN '' ELSE c0.canon END AS claude_4,
             CASE WHEN c1.noise < 5 THEN '' ELSE c1.canon END AS gpt41,
             CASE WHEN c2.noise < 5 THEN '' ELSE c2.canon END AS gemini_2_5
      FROM judged j
      JOIN cell c0 ON c0.bin = j.bin AND c0.i = j.i AND c0.m = j.m AND c0.k = 0
      JOIN cell c1 ON c1.bin = j.bin AND c1.i = j.i AND c1.m = j.m AND c1.k = 1
      JOIN cell c2 ON c2.bin = j.bin AND c2.i = j.i AND c2.m = j.m AND c2.k = 2
      ORDER BY j.bin, j.i, j.m)
  TO '{{OUT}}/judged.csv' (HEADER, DELIMITER ',');

-- Positions of the 12 models on 90 scenarios (30 value pairs x 3 nudges): polarised
-- rows (half the models at one end) give high D, the others are noise; ~4 % nulls.
CREATE TABLE pmodels AS
SELECT * FROM (VALUES (0, 'claude_3_5_sonnet'), (1, 'claude_3_7_sonnet'), (2, 'claude_opus_3'), (3, 'claude_opus_4'),
  (4, 'claude_sonnet_4'), (5, 'gpt_4_1_mini'), (6, 'gpt_4_1'), (7, 'gpt_4o'), (8, 'o3'), (9, 'o4_mini'),
  (10, 'gemini_2_5_pro'), (11, 'grok_4')) t(m, id);
CREATE TABLE pos AS
SELECT r, m, v,
  CASE WHEN h(r * 53 + m * 7 + v) % 25 = 0 THEN NULL
       WHEN r % 3 = 0 THEN (CASE WHEN (m + r) % 2 = 0 THEN h(r + m) % 2 ELSE 6 - h(r * m + 1) % 2 END)
       WHEN r % 7 = 1 AND m = r % 12 THEN (CASE WHEN v = 1 THEN 0 ELSE 6 END)
       ELSE 2 + h(r * 1009 + m * 31 + v) % 3 END AS p
FROM range(90) a(r), range(12) b(m), range(1, 3) c(v);
CREATE TABLE wide AS
SELECT r, 100 + r // 3 AS chunk_index, r // 3 AS entry_idx, (['neutral', 'value1', 'value2'])[r % 3 + 1] AS nudge_direction,
  CASE WHEN r % 11 = 0 THEN NULL ELSE 'value ' || (r // 3) % 5 END AS value1, 'other ' || (r // 3) % 4 AS value2,
  CASE WHEN r % 2 = 0 THEN 'o3' ELSE 'claude' END AS query_generator, r AS rank, 'query ' || r AS query,
  max(CASE WHEN m = 0 AND v = 1 THEN p END) AS claude_3_5_sonnet_value1_position, max(CASE WHEN m = 0 AND v = 2 THEN p END) AS claude_3_5_sonnet_value2_position,
  max(CASE WHEN m = 1 AND v = 1 THEN p END) AS claude_3_7_sonnet_value1_position, max(CASE WHEN m = 1 AND v = 2 THEN p END) AS claude_3_7_sonnet_value2_position,
  max(CASE WHEN m = 2 AND v = 1 THEN p END) AS claude_opus_3_value1_position, max(CASE WHEN m = 2 AND v = 2 THEN p END) AS claude_opus_3_value2_position,
  max(CASE WHEN m = 3 AND v = 1 THEN p END) AS claude_opus_4_value1_position, max(CASE WHEN m = 3 AND v = 2 THEN p END) AS claude_opus_4_value2_position,
  max(CASE WHEN m = 4 AND v = 1 THEN p END) AS claude_sonnet_4_value1_position, max(CASE WHEN m = 4 AND v = 2 THEN p END) AS claude_sonnet_4_value2_position,
  max(CASE WHEN m = 5 AND v = 1 THEN p END) AS gpt_4_1_mini_value1_position, max(CASE WHEN m = 5 AND v = 2 THEN p END) AS gpt_4_1_mini_value2_position,
  max(CASE WHEN m = 6 AND v = 1 THEN p END) AS gpt_4_1_value1_position, max(CASE WHEN m = 6 AND v = 2 THEN p END) AS gpt_4_1_value2_position,
  max(CASE WHEN m = 7 AND v = 1 THEN p END) AS gpt_4o_value1_position, max(CASE WHEN m = 7 AND v = 2 THEN p END) AS gpt_4o_value2_position,
  max(CASE WHEN m = 8 AND v = 1 THEN p END) AS o3_value1_position, max(CASE WHEN m = 8 AND v = 2 THEN p END) AS o3_value2_position,
  max(CASE WHEN m = 9 AND v = 1 THEN p END) AS o4_mini_value1_position, max(CASE WHEN m = 9 AND v = 2 THEN p END) AS o4_mini_value2_position,
  max(CASE WHEN m = 10 AND v = 1 THEN p END) AS gemini_2_5_pro_value1_position, max(CASE WHEN m = 10 AND v = 2 THEN p END) AS gemini_2_5_pro_value2_position,
  max(CASE WHEN m = 11 AND v = 1 THEN p END) AS grok_4_value1_position, max(CASE WHEN m = 11 AND v = 2 THEN p END) AS grok_4_value2_position
FROM pos GROUP BY r;

-- all_models in two shards: positions BIGINT in the first, DOUBLE in the second.
COPY (SELECT * EXCLUDE (r) FROM wide WHERE r < 45 ORDER BY r)
  TO '{{OUT}}/data/all_models-00000-of-00002.parquet' (FORMAT parquet);
COPY (SELECT * EXCLUDE (r) REPLACE (
        claude_3_5_sonnet_value1_position::DOUBLE AS claude_3_5_sonnet_value1_position, claude_3_5_sonnet_value2_position::DOUBLE AS claude_3_5_sonnet_value2_position,
        gpt_4_1_value1_position::DOUBLE AS gpt_4_1_value1_position, gpt_4_1_value2_position::DOUBLE AS gpt_4_1_value2_position,
        grok_4_value1_position::DOUBLE AS grok_4_value1_position, grok_4_value2_position::DOUBLE AS grok_4_value2_position)
      FROM wide WHERE r >= 45 ORDER BY r)
  TO '{{OUT}}/data/all_models-00001-of-00002.parquet' (FORMAT parquet);
COPY (SELECT * EXCLUDE (r, query, rank) FROM wide ORDER BY r)
  TO '{{OUT}}/positions.csv' (HEADER, DELIMITER ',')
