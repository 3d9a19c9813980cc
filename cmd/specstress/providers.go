package main

// The provider backends this binary (and the notebooks its kernel runs)
// can reach by name: pipeline/llm and the interpreter's symbol tables
// only know them through the registry these imports fill.
import (
	_ "github.com/specstress/specstress/pipeline/llm/anthropic"
	_ "github.com/specstress/specstress/pipeline/llm/openai"
)
