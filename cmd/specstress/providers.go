package main

// The provider backends, the API embedder and the cache this binary (and the notebooks its
// kernel runs) reach by name: pipeline/llm and the interpreter's symbol
// tables only know them through the registries these imports fill.
import (
	_ "github.com/specstress/specstress/pipeline/embed/openai"
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
	_ "github.com/specstress/specstress/pipeline/llm/sqlitecache"
)
