package engine

import "encoding/base64"

// Bundle is a mime bundle: mime type -> data, as the Jupyter protocol carries
// it. Text types ("text/plain", "text/html", "text/markdown", "image/svg+xml",
// "text/latex") hold a string, binary types ("image/png", "image/jpeg") hold
// the base64 encoding of the bytes, and "application/json" holds a JSON-able
// value (maps, slices, strings, float64, bool, nil).
type Bundle map[string]any

// Bytes returns the raw content of mime type m: the decoded bytes for binary
// types and the text for string data. ok is false when m is absent or its
// data cannot be decoded.
func (b Bundle) Bytes(m string) (data []byte, ok bool) {
	v, present := b[m]
	if !present {
		return nil, false
	}
	s, isString := v.(string)
	if !isString {
		return nil, false
	}
	if isBinary(m) {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, false
		}
		return raw, true
	}
	return []byte(s), true
}

// Text returns the text/plain member of the bundle, or "".
func (b Bundle) Text() string {
	s, _ := b["text/plain"].(string)
	return s
}

// isBinary reports whether data of mime type m travels base64-encoded.
func isBinary(m string) bool {
	switch m {
	case "image/png", "image/jpeg", "image/gif", "application/pdf":
		return true
	}
	return false
}

// Output receives what a running cell shows: its standard streams and its
// rich outputs. Implementations must be safe for concurrent use: goroutines
// started by a cell may write too.
//
// Display and Clear are, method for method, kernel/display's Sink, so every
// Output is a display sink. That interface is declared again in display
// rather than aliased to one here, because yaegi finds the wrapper that
// lets interpreted types implement an interface by the interface's own
// package, and this package has no symbol table.
type Output interface {
	// Stream appends text to the cell's "stdout" or "stderr".
	Stream(name, text string)
	// Display shows b. A non-empty id names the output so that a later call
	// with the same id and update=true replaces it in place.
	Display(b Bundle, meta map[string]any, id string, update bool)
	// Clear clears the cell's output; with wait, only when the next output
	// arrives (which avoids flicker for animations and progress).
	Clear(wait bool)
}
