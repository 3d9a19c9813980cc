package wiretest_test

// The backends under test, wired in as a program does.
import (
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
)
