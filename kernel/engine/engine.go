package engine

import "context"

// Engine is the language side of a kernel, in the spirit of xeus' interpreter
// interface: the protocol server calls it and knows nothing else about the
// language. Execute runs on one goroutine at a time; Complete, Inspect and
// IsComplete may be called while Execute runs (from the shell socket after a
// cell, or concurrently by the notebook runner) and must not block on it.
type Engine interface {
	// Info describes the language for kernel_info_reply.
	Info() LanguageInfo
	// Execute runs code. Output produced while it runs goes to out as it
	// happens. Cancelling ctx is an interrupt: Execute must return soon after
	// (about a second) with an error result, and the engine stays usable.
	Execute(ctx context.Context, code string, out Output) Result
	// Complete proposes completions at a cursor (a rune offset into code).
	Complete(code string, cursor int) Completion
	// Inspect describes the object at a cursor (a rune offset); detail 0 or 1.
	Inspect(code string, cursor int, detail int) Inspection
	// IsComplete tells whether code is ready to run: "complete",
	// "incomplete" (with the indent to continue), "invalid" or "unknown".
	IsComplete(code string) (status, indent string)
	// Close releases the engine; the server calls it on shutdown and before a
	// restart creates a new engine.
	Close() error
}

// Result is the outcome of an execution: a value to show as execute_result
// (Data nil when the cell has no value) or an error.
type Result struct {
	Data     Bundle
	Metadata map[string]any
	Error    *Error
}

// Error describes a failed execution: ename, evalue and the traceback lines
// as the Jupyter protocol carries them.
type Error struct {
	Name      string
	Value     string
	Traceback []string
}

// LanguageInfo is the language_info of kernel_info_reply, plus the banner.
type LanguageInfo struct {
	Name           string // "go"
	Version        string
	MimeType       string // "text/x-go"
	FileExtension  string // ".go"
	PygmentsLexer  string // "go"
	CodeMirrorMode string // "go"
	Banner         string
	Implementation string // "specstress"
	ImplVersion    string
	HelpLinks      []HelpLink
}

// HelpLink is an entry of kernel_info_reply's help_links.
type HelpLink struct {
	Text string
	URL  string
}

// Completion answers a complete_request; cursor positions are rune offsets.
type Completion struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
	Metadata    map[string]any
}

// Inspection answers an inspect_request.
type Inspection struct {
	Found bool
	Data  Bundle
}
