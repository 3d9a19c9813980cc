// Package wiretest holds no code, only tests: they drive pipeline runs
// (pipeline/stages) whose models sit on the local servers of
// pipeline/llm/llmtest, which speak the providers' real wire protocols and
// bill what they answer, through the official-SDK backends
// (pipeline/llm/openai, pipeline/llm/anthropic, pipeline/embed/openai).
// Batches, cost limits, killed and concurrent runs, failures of one
// provider and judges' clause citations are tested here end to end.
// They live apart from pipeline/stages so that its test binary, like its
// build, does not link the SDKs.
package wiretest
