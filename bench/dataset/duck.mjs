// DuckDB side of the dataset benchmark and of the writer's interoperability
// check. Usage:
//   node duck.mjs summary FILE_GLOB        rows and per-column sums/null counts as JSON
//   node duck.mjs write OUT.parquet N      a DuckDB-written file for the reader's check
//   node duck.mjs exec SQL_FILE OUT_DIR    run the statements of SQL_FILE (separated by
//                                          ";" at a line end) with {{OUT}} replaced by OUT_DIR:
//                                          the test fixtures that other tools must write
//   node duck.mjs disagreement FILE_GLOB   D per row over every model in SQL, summarised
//   node duck.mjs load FILE_GLOB positions|scenarios|all
//                                          materialise the columns in memory, print
//                                          {"seconds":..., "rows":..., "rss_mb":...}
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, glob, what] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();

async function columns() {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
  return r.getRowObjects().map(o => ({ name: o.column_name, type: o.column_type }));
}

if (mode === 'summary') {
  const cols = await columns();
  const parts = [`count(*) AS n`];
  for (const c of cols) {
    const q = `"${c.name}"`;
    parts.push(`count(${q}) AS "nn:${c.name}"`);
    if (c.type === 'BIGINT' || c.type === 'DOUBLE') parts.push(`sum(${q})::DOUBLE AS "sum:${c.name}"`);
    if (c.type === 'VARCHAR') parts.push(`sum(length(${q}))::DOUBLE AS "len:${c.name}"`);
  }
  const r = await con.runAndReadAll(`SELECT ${parts.join(', ')} FROM read_parquet('${glob}')`);
  const row = r.getRowObjects()[0];
  const out = { types: Object.fromEntries(cols.map(c => [c.name, c.type])) };
  for (const [k, v] of Object.entries(row)) out[k] = Number(v);
  console.log(JSON.stringify(out));
} else if (mode === 'write') {
  // glob is the output path here, what the row count. Column types and null
  // patterns as other tools write them: BIGINT, INTEGER and DOUBLE positions,
  // dictionary-encoded strings, nulls, multiple row groups.
  const n = Number(what || 5000);
  await con.run(`COPY (SELECT
      i AS rank, CASE WHEN i % 3 = 0 THEN 'o3' ELSE 'claude' END AS query_generator,
      'value ' || (i % 17) AS value1, 'other ' || (i % 13) AS value2,
      (['neutral', 'value1', 'value2'])[i % 3 + 1] AS nudge_direction,
      CASE WHEN i % 10 = 0 THEN NULL ELSE 'query ' || i || ' ünïcode' END AS query,
      CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 7)::BIGINT END AS m1_value1_position,
      ((i * 3) % 7)::BIGINT AS m1_value2_position,
      CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 7)::INTEGER END AS m2_value1_position,
      ((i + 1) % 7)::INTEGER AS m2_value2_position,
      CASE WHEN i % 5 = 0 THEN NULL ELSE ((i + 2) % 7)::DOUBLE END AS m3_value1_position,
      CASE WHEN i % 17 = 0 THEN 'NaN'::DOUBLE ELSE ((i + 3) % 7)::DOUBLE END AS m3_value2_position,
      (i // 3)::BIGINT AS chunk_index, (i % 3)::BIGINT AS entry_idx
    FROM range(${n}) t(i)) TO '${glob}' (FORMAT parquet, ROW_GROUP_SIZE 1024)`);
  console.log(JSON.stringify({ wrote: glob, rows: n }));
} else if (mode === 'exec') {
  const fs = await import('node:fs');
  const sql = fs.readFileSync(glob, 'utf8').replaceAll('{{OUT}}', what);
  let n = 0;
  for (const stmt of sql.split(/;\s*\n/)) {
    const body = stmt.split('\n').filter(l => !l.trim().startsWith('--')).join('\n').trim();
    if (!body) continue;
    await con.run(body);
    n++;
  }
  console.log(JSON.stringify({ ran: n, out: what }));
} else if (mode === 'disagreement') {
  // The same result as `load DIR SPLIT disagreement` (Go), computed in SQL
  // straight from the files, with no table built: per row the population SD
  // over the models of the value1 positions and of the value2 positions
  // (defined when at least 2 models have one), D the larger of the two
  // defined ones; summarised as the count of defined D, their sum and the
  // count of D >= 1.5 (less 1e-9: DuckDB's running SD lands a hair below an
  // exact 1.5 on some integer rows where ours is exact).
  const baseRSS = process.resourceUsage().maxRSS / 1024;
  const cols = await columns();
  const list = v => '[' + cols.filter(c => c.name.endsWith(`_${v}_position`)).map(c => `"${c.name}"`).join(', ') + ']';
  const sd = v => `CASE WHEN list_count(${list(v)}) >= 2 THEN list_stddev_pop(${list(v)}::DOUBLE[]) END`;
  const t0 = process.hrtime.bigint();
  const r = await con.runAndReadAll(`SELECT count(d) AS defined, sum(d) AS sum_d, count(*) FILTER (WHERE d >= 1.5 - 1e-9) AS high
    FROM (SELECT greatest(${sd('value1')}, ${sd('value2')}) AS d FROM read_parquet('${glob}'))`);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const o = r.getRowObjects()[0];
  console.log(JSON.stringify({ tool: 'duckdb', mode: 'disagreement', seconds: secs,
    result: { defined: Number(o.defined), sum_d: Number(o.sum_d), high: Number(o.high) },
    peak_rss_mb: process.resourceUsage().maxRSS / 1024, base_rss_mb: baseRSS }));
} else if (mode === 'load') {
  const baseRSS = process.resourceUsage().maxRSS / 1024;
  const cols = await columns();
  const scen = ['rank', 'query_generator', 'value1', 'value2', 'nudge_direction', 'chunk_index', 'entry_idx'];
  const pick = what === 'positions' ? cols.filter(c => c.name.endsWith('_position'))
    : what === 'scenarios' ? cols.filter(c => c.name.endsWith('_position') || scen.includes(c.name))
    : cols;
  const list = pick.map(c => `"${c.name}"`).join(', ');
  const t0 = process.hrtime.bigint();
  // A table in DuckDB's own memory: the columns fully materialised, as the Go
  // reader does.
  await con.run(`CREATE TABLE t AS SELECT ${list} FROM read_parquet('${glob}')`);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const n = (await con.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjects()[0].n;
  const mem = (await con.runAndReadAll(`SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()`)).getRowObjects()[0].b;
  console.log(JSON.stringify({ tool: 'duckdb', mode: what, rows: Number(n), seconds: secs, columns: pick.length,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024, base_rss_mb: baseRSS,
    retained_heap_mb: Number(mem) / 1048576 }));
} else {
  console.error('usage: node duck.mjs summary|load GLOB [positions|all]');
  process.exit(2);
}
