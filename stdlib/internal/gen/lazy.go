package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"regexp"
)

// yaegi's extract writes a table as an init function filling the Symbols
// map: every program linking the stdlib package would build ~190 maps of
// reflect.Values at start-up, whether it interprets anything or not. The
// generator turns that assignment into the registration of a constructor
// (stdlib's register), so a table is built the first time a session imports
// its package.

// symbolsAssign matches extract's one assignment, at the top of init.
var symbolsAssign = regexp.MustCompile(`(?m)^\tSymbols\[("[^"\n]+")\] = map\[string\]reflect\.Value\{\n?`)

// mapEnd is the end of the assigned literal and of init: extract writes
// nothing else in init. emptyEnd ends an empty literal, written on one line.
const (
	mapEnd   = "\n\t}\n}\n"
	emptyEnd = "}\n}\n"
)

// lazyTable rewrites the code of one extracted table so that init registers
// a constructor of the map instead of building it. It fails on code of
// another shape (a new yaegi release), rather than emitting a table that
// builds at start-up or does not compile.
func lazyTable(code []byte) ([]byte, error) {
	locs := symbolsAssign.FindAllSubmatchIndex(code, -1)
	if len(locs) != 1 {
		return nil, fmt.Errorf("lazy table: want one Symbols assignment in extract's output, found %d", len(locs))
	}
	loc := locs[0]
	key := code[loc[2]:loc[3]]
	if rest := code[loc[1]:]; bytes.HasPrefix(rest, []byte(emptyEnd)) {
		// A package with nothing to export (cmp, iter: generic only).
		return lazyFormat(key, code[:loc[0]], nil, rest[len(emptyEnd):])
	}
	end := bytes.Index(code[loc[1]:], []byte(mapEnd))
	if end < 0 {
		return nil, fmt.Errorf("lazy table: the Symbols[%s] literal does not end init", key)
	}
	end += loc[1]
	return lazyFormat(key, code[:loc[0]], code[loc[1]:end], code[end+len(mapEnd):])
}

// lazyFormat writes the register call around the literal's entries between
// the code before and after the assignment.
func lazyFormat(key, before, entries, after []byte) ([]byte, error) {
	var b bytes.Buffer
	b.Write(before)
	fmt.Fprintf(&b, "\tregister(%s, func() map[string]reflect.Value {\n\t\treturn map[string]reflect.Value{\n", key)
	b.Write(entries)
	b.WriteString("\n\t\t}\n\t})\n}\n")
	b.Write(after)
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("lazy table %s: %w", key, err)
	}
	return out, nil
}
