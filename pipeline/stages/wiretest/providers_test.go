package wiretest_test

// The tests wire the backends and the SQLite cache in as the specstress
// binary does.
import (
	_ "github.com/specstress/specstress/pipeline/embed/openai"
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
	_ "github.com/specstress/specstress/pipeline/llm/sqlitecache"
)
