package yaegifix

import (
	"regexp"
	"strings"
)

// PanicKind classifies a runtime panic by what a Go program would have done.
type PanicKind int

// The kinds of runtime panics GoPanic recognises.
const (
	PanicOther PanicKind = iota
	PanicIndex
	PanicSlice
	PanicNil
	PanicDivide
	PanicAssert
	PanicMapWrite
	PanicCall
)

// reflectPanics maps the reflect package's panic texts, which yaegi raises
// where compiled Go would raise a runtime error, to Go's own runtime messages.
var reflectPanics = []struct {
	re   func() *regexp.Regexp
	msg  string
	kind PanicKind
}{
	{lazyRegexp(`^reflect: (slice|array|string) index out of range$`), "runtime error: index out of range", PanicIndex},
	{lazyRegexp(`^reflect\.Value\.Slice3?: slice (index|bounds) out of (range|bounds)`), "runtime error: slice bounds out of range", PanicSlice},
	{lazyRegexp(`^reflect: call of reflect\.Value\.\w+ on zero Value$`), "runtime error: invalid memory address or nil pointer dereference", PanicNil},
	{lazyRegexp(`^reflect: call of reflect\.Value\.\w+ on ptr Value$`), "runtime error: invalid memory address or nil pointer dereference", PanicNil},
	{lazyRegexp(`^runtime error: invalid memory address or nil pointer dereference$`), "", PanicNil},
	{lazyRegexp(`^runtime error: integer divide by zero$`), "", PanicDivide},
	{lazyRegexp(`^runtime error: index out of range`), "", PanicIndex},
	{lazyRegexp(`^runtime error: slice bounds out of range`), "", PanicSlice},
	{lazyRegexp(`^interface conversion: `), "", PanicAssert},
	{lazyRegexp(`^assignment to entry in nil map$`), "", PanicMapWrite},
	{lazyRegexp(`^reflect\.Value\.Call: call of nil function$`), "runtime error: invalid memory address or nil pointer dereference", PanicCall},
}

// GoPanic returns the message Go prints for the runtime panic yaegi
// reported as msg (its position already removed), and the panic's kind.
// yaegi raises some runtime errors from reflect ("reflect: slice index out
// of range") and doubles the "runtime error: " prefix of others.
func GoPanic(msg string) (string, PanicKind) {
	for strings.HasPrefix(msg, "runtime error: runtime error: ") {
		msg = strings.TrimPrefix(msg, "runtime error: ")
	}
	for _, r := range reflectPanics {
		if r.re().MatchString(msg) {
			if r.msg != "" {
				msg = r.msg
			}
			return msg, r.kind
		}
	}
	return msg, PanicOther
}
