package yaegifix

import (
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
)

// iterFuncs are the standard library's iterator functions (Go 1.23): they
// return iter.Seq or iter.Seq2, which the interpreter cannot range over.
// Each comes with what to write instead.
var iterFuncs = map[string]string{
	"maps.Keys":               "for k := range m { keys = append(keys, k) }",
	"maps.Values":             "for _, v := range m { vals = append(vals, v) }",
	"maps.All":                "for k, v := range m { ... }",
	"maps.Collect":            "fill a map in a for range loop",
	"maps.Insert":             "assign m[k] = v in a for range loop",
	"slices.All":              "for i, v := range s { ... }",
	"slices.Values":           "for _, v := range s { ... }",
	"slices.Backward":         "for i := len(s) - 1; i >= 0; i-- { ... }",
	"slices.Collect":          "append to a slice in a for range loop",
	"slices.AppendSeq":        "append to a slice in a for range loop",
	"slices.Sorted":           "collect the values into a slice s with a for range loop, then slices.Sort(s)",
	"slices.SortedFunc":       "collect the values into a slice s with a for range loop, then slices.SortFunc(s, cmp)",
	"slices.SortedStableFunc": "collect the values into a slice s with a for range loop, then slices.SortStableFunc(s, cmp)",
	"slices.Chunk":            "for i := 0; i < len(s); i += n { chunk := s[i:min(i+n, len(s))] }",
	"strings.Lines":           "strings.Split(s, \"\\n\")",
	"strings.SplitSeq":        "strings.Split",
	"strings.SplitAfterSeq":   "strings.SplitAfter",
	"strings.FieldsSeq":       "strings.Fields",
	"strings.FieldsFuncSeq":   "strings.FieldsFunc",
	"bytes.Lines":             "bytes.Split(b, []byte(\"\\n\"))",
	"bytes.SplitSeq":          "bytes.Split",
	"bytes.FieldsSeq":         "bytes.Fields",
}

var undefinedSelector = lazyRegexp(`undefined selector:? (\w+)\.(\w+)`)

// IteratorHint explains an unsupported iterator function named in msg, or
// a range over a function in src, as the interpreter's limit with the
// alternative; "" when neither applies.
func IteratorHint(msg, src string) string {
	if m := undefinedSelector().FindStringSubmatch(msg); m != nil {
		name := m[1] + "." + m[2]
		if alt, ok := iterFuncs[name]; ok {
			return fmt.Sprintf("%s works with iterators (iter.Seq), which the interpreter (yaegi) does not support (no iterator functions, no range over func); instead: %s", name, alt)
		}
	}
	if rangesOverFunc(src) {
		return "range over a function (an iterator) is not supported by the interpreter (yaegi); call the function with a yield callback, or build a slice and range over it"
	}
	return ""
}

// rangesOverFunc reports whether src ranges over a function literal or an
// iter.Seq value it declares, the forms the interpreter crashes on.
func rangesOverFunc(src string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	prev := token.ILLEGAL
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			return strings.Contains(src, "iter.Seq")
		}
		if tok == token.FUNC && prev == token.RANGE {
			return true
		}
		prev = tok
	}
}

// programSyntaxError parses a cell with a package clause as the Go file it
// is and returns its first syntax error in cell positions, past-the-end
// positions moved to the end of the last line. The engine feeds such a cell
