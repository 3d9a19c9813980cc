package stages

// The tests of real-provider runs drive the official SDKs against llmtest's
// local servers: they wire the backends in as the specstress binary does.
import (
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
)
