// Package analysis computes the statistics of the spec stress-testing method
// from the columnar types of package pipeline: disagreement, diversity
// selection (k-center), judge compliance and agreement, value profiles,
// refusals, outliers, Bradley-Terry value rankings and bootstrap intervals.
//
// The package does no I/O. Every result renders as a table (String for
// aligned text, HTML for notebooks) and exposes its numbers through typed
// fields and a gota-free Table for the plots package. Bad input (empty model
// sets, mismatched lengths, all-null columns, NaN embeddings) is reported as
// an error, never a panic.
//
// Null handling: a null position (pipeline.NullPosition) is skipped. The
// standard deviation of a value over a model set uses only the models with a
// position there and is NaN when fewer than MinValid (default 2) models have
// one; D is the maximum of the two per-value SDs that are not NaN, and NaN
// when both are. NaN rows are counted as invalid in summaries and never fall
// in a bin.
package analysis
