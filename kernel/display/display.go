// Package display is what notebook code calls to show things: rich outputs
// (Markdown, HTML, images, plots, tables, JSON, LaTeX), outputs that update in
// place by display id, cleared outputs and progress displays.
//
// In a kernel, the engine installs a Sink with SetSink while a cell runs and
// every display becomes a display_data message. With no sink (scripts, tests,
// the pipeline's command line) displays degrade gracefully: text goes to
// standard output and images are written to files whose paths are printed
// (see TextSink). Nothing here panics on bad input; a value that cannot be
// rendered richly falls back to text.
package display

import (
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/specstress/specstress/kernel/engine"
)

// Bundle is a mime bundle: mime type -> data, as the Jupyter protocol
// carries it (see engine.Bundle, the one type every part of the kernel
// shares).
type Bundle = engine.Bundle

// Sink receives the displays of a running cell: the rich half of an
// engine.Output, with the same methods, so that an engine can install a
// cell's Output with SetSink. It is declared here, not aliased to the
// engine package, so that interpreted types can implement it: yaegi finds
// interface wrappers by the interface's package, and only this one has a
// symbol table. Implementations must be safe for concurrent use:
// goroutines started by a cell may display too.
type Sink interface {
	// Display shows b. A non-empty id names the output so that a later call
	// with the same id and update=true replaces it in place.
	Display(b Bundle, meta map[string]any, id string, update bool)
	// Clear clears the cell's output; with wait, only when the next output
	// arrives (which avoids flicker for animations and progress).
	Clear(wait bool)
}

// Every engine.Output is a Sink.
var _ Sink = engine.Output(nil)

// current holds the sink of the running cell. It is package-level state, the
// one exception to the house rule, because notebook code calls display.HTML
// and friends as plain functions with no handle to pass: the engine installs
// the sink around each cell (SetSink) and restores the previous one after.
// The mutex makes concurrent displays from a cell's goroutines safe.
var current struct {
	mu   sync.RWMutex
	sink Sink
}

// SetSink installs s as the destination of displays and returns a function
// that restores the previous sink. A nil s selects the text fallback.
func SetSink(s Sink) (restore func()) {
	current.mu.Lock()
	prev := current.sink
	current.sink = s
	current.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			current.mu.Lock()
			current.sink = prev
			current.mu.Unlock()
		})
	}
}

// sink returns the installed sink or the text fallback writing to standard
// output and to files in OutputDir.
func sink() Sink {
	current.mu.RLock()
	s := current.sink
	current.mu.RUnlock()
	if s == nil {
		return TextSink(os.Stdout, OutputDir())
	}
	return s
}

// HasSink reports whether a rich sink (a kernel) is installed, so that code
// can choose between an inline display and terminal output.
func HasSink() bool {
	current.mu.RLock()
	defer current.mu.RUnlock()
	return current.sink != nil
}

// Publish sends a prepared bundle to the current sink. id names the output
// for later updates ("" for none); update replaces the output named id. A
// bundle without text/plain gets a placeholder one (in a copy: the
// caller's map is left alone).
func Publish(b Bundle, meta map[string]any, id string, update bool) {
	if len(b) == 0 {
		return
	}
	if _, ok := b["text/plain"]; !ok {
		c := make(Bundle, len(b)+1)
		for k, v := range b {
			c[k] = v
		}
		c["text/plain"] = placeholder(b)
		b = c
	}
	sink().Display(b, meta, id, update)
}

// Show displays any value the way a cell's last value is shown (see Render).
func Show(v any) {
	b, meta := renderWithMeta(v)
	Publish(b, meta, "", false)
}

// ShowID displays v as a new output named id, which Update can later
// replace. NewID makes a fresh id.
func ShowID(id string, v any) {
	b, meta := renderWithMeta(v)
	Publish(b, meta, id, false)
}

// Update replaces the output previously shown with ShowID(id, ...) by v.
func Update(id string, v any) {
	b, meta := renderWithMeta(v)
	Publish(b, meta, id, true)
}

// ClearOutput clears the cell's output. With wait true the clearing happens
// only when the next output arrives.
func ClearOutput(wait bool) {
	sink().Clear(wait)
}

// idCounter numbers display ids within the process; together with the
// process id it keeps ids unique across kernel restarts in one notebook.
var idCounter atomic.Uint64

// NewID returns a fresh display id for ShowID and Update.
func NewID() string {
	return "specstress-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(idCounter.Add(1), 10)
}
