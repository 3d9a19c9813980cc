// Package engine is the contract between a Jupyter kernel's protocol server
// and the language behind it, in the spirit of xeus' interpreter interface:
// the Engine interface, the requests and results it exchanges (Result,
// Error, LanguageInfo, Completion, Inspection), the mime Bundle every rich
// output travels in, and the Output (streams, displays, clears) a running
// cell writes to.
//
// The package is named for what it defines, the engine side of the
// boundary: the protocol server (package kernel) calls an engine, language
// engines (kernel/repl, the supervised child of kernel/supervise) implement
// one, and runners that need no protocol at all (kernel/notebook,
// specstress run) drive one directly. It imports only the standard library,
// so that an engine or a runner links neither ZeroMQ nor anything else of
// the protocol server; a test in this package keeps it that way.
package engine
