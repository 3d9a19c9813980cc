package stages

// Runs keep their cache in SQLite, and the tests of real-provider runs
// drive the official SDKs against llmtest's local servers: the tests wire
// the backends in as the specstress binary does.
import (
	_ "github.com/specstress/specstress/pipeline/embed/openai"
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
	_ "github.com/specstress/specstress/pipeline/llm/sqlitecache"
)
