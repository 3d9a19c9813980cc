// Package wiretest holds no code, only tests: they drive llm.Stack
// through the official-SDK backends (pipeline/llm/openai and
// pipeline/llm/anthropic) against the local servers of llmtest, which
// speak the providers' real wire protocols and bill what they answer,
// with the SQLite cache (pipeline/llm/sqlitecache). Retries, rate limits,
// cost limits, batches and record/replay are tested here end to end.
// They live apart from pipeline/llm because that package, and every
// package built on it, must not link the SDKs or SQLite.
package wiretest
