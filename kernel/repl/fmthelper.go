package repl

import (
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Values of session types reach compiled code (fmt, errors) in yaegi's
// form: a struct type without a name, or a wrapper struct holding the value
// and its methods for one interface. fmt then prints `struct { X int }` for
// %T, the wrapper's fields for %d, and unexported fields under yaegi's
// exported spelling ("Xsecret"). The engine rewrites calls of fmt's
// printers and of errors.As into calls of the helper below, which hands fmt
// each operand as Go would: the value, its String or Error method for the
// verbs that use them, its Go type name for %T.

// operand is a session value prepared for fmt.
type operand struct {
	wrapped any // the value as yaegi passed it (with its methods)
	inner   any // the value itself
}

// Format implements fmt.Formatter with Go's rules: Error, then String, for
// the verbs valid for strings; the value itself otherwise.
func (o operand) Format(s fmt.State, verb rune) {
	spec := fmt.FormatString(s, verb)
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if !s.Flag('#') {
			if err, ok := o.wrapped.(error); ok {
				fmt.Fprintf(s, spec, err.Error())
				return
			}
			if str, ok := o.wrapped.(fmt.Stringer); ok {
				fmt.Fprintf(s, spec, str.String())
				return
			}
		}
	}
	fmt.Fprintf(s, spec, o.inner)
}

// fixArgs prepares operands for fmt. typeVerbs lists the argument indexes
// formatted with %T, whose operands become their Go type names.
func (h *helper) fixArgs(args []any, typeVerbs map[int]bool) []any {
	ti := h.e.typeInfo()
	out := make([]any, len(args))
	for i, a := range args {
		if typeVerbs[i] {
			out[i] = typeString(a, ti)
			continue
		}
		if tv, ok := a.(typedValue); ok {
			if v, ok := staticText(tv, ti); ok {
				out[i] = v
				continue
			}
			a = tv.v
		}
		if inner, ok := unwrap(a); ok {
			out[i] = operand{wrapped: a, inner: fixFields(inner, ti)}
			continue
		}
		if v, ok := withMethods(reflect.ValueOf(a), ti, 0); ok {
			out[i] = v.Interface()
			continue
		}
		out[i] = fixFields(a, ti)
	}
	return out
}

// fixFields returns a of a session struct type (or a pointer to one) with
// a type whose unexported fields carry their Go names, for %+v.
func fixFields(a any, ti *typeInfo) any {
	v := reflect.ValueOf(a)
	if !v.IsValid() {
		return a
	}
	ptr := false
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v, ptr = v.Elem(), true
	}
	if v.Kind() != reflect.Struct {
		return a
	}
	names := ti.names[v.Type()]
	if len(names) != 1 || len(ti.unexported[names[0]]) == 0 {
		return a
	}
	return goFields{v: v, ptr: ptr, hidden: ti.unexported[names[0]]}
}

// goFields prints a struct with unexported fields under their Go names.
type goFields struct {
	v      reflect.Value
	ptr    bool
	hidden []string
}

func (r goFields) Format(s fmt.State, verb rune) {
	text := fmt.Sprintf(fmt.FormatString(s, verb), r.v.Interface())
	if verb == 'v' && s.Flag('+') {
		for _, h := range r.hidden {
			text = strings.ReplaceAll(text, "{X"+h+":", "{"+h+":")
			text = strings.ReplaceAll(text, " X"+h+":", " "+h+":")
		}
	}
	if r.ptr && (verb == 'v' || verb == 's') {
		text = "&" + text
	}
	io.WriteString(s, text)
}

// typeVerbs returns the indexes of the operands a format formats with %T,
// and the format with those verbs turned into %s (the operands become
// their type names); false when it uses explicit argument indexes (then
// nothing is changed).
func typeVerbs(format string) (map[int]bool, string, bool) {
	out := map[int]bool{}
	b := []byte(format)
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0 {
			switch format[i] {
			case '[':
				return nil, format, false
			case '*':
				arg++
			}
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
			continue
		case 'T':
			out[arg] = true
			b[i] = 's'
		}
		arg++
	}
	return out, string(b), true
}

func (h *helper) fmtPrintf(format string, args ...any) (int, error) {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Fprintf(streamWriter{h.e.router, "stdout"}, format, args...)
}

func (h *helper) fmtSprintf(format string, args ...any) string {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Sprintf(format, args...)
}

func (h *helper) fmtFprintf(w io.Writer, format string, args ...any) (int, error) {
	format, args = h.fixFormatArgs(format, args)
	return fmt.Fprintf(w, format, args...)
}

func (h *helper) fmtPrintln(args ...any) (int, error) {
	return fmt.Fprintln(streamWriter{h.e.router, "stdout"}, h.fixArgs(args, nil)...)
}

func (h *helper) fmtPrint(args ...any) (int, error) {
	return fmt.Fprint(streamWriter{h.e.router, "stdout"}, h.fixArgs(args, nil)...)
}

func (h *helper) fmtSprintln(args ...any) string { return fmt.Sprintln(h.fixArgs(args, nil)...) }

func (h *helper) fmtSprint(args ...any) string { return fmt.Sprint(h.fixArgs(args, nil)...) }

func (h *helper) fmtFprintln(w io.Writer, args ...any) (int, error) {
	return fmt.Fprintln(w, h.fixArgs(args, nil)...)
}

func (h *helper) fmtFprint(w io.Writer, args ...any) (int, error) {
	return fmt.Fprint(w, h.fixArgs(args, nil)...)
}

func (h *helper) fixFormatArgs(format string, args []any) (string, []any) {
	tv, f, ok := typeVerbs(format)
	if !ok {
		return format, h.fixArgs(args, nil)
	}
	return f, h.fixArgs(args, tv)
}
