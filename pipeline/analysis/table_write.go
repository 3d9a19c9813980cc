package analysis

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The writers below stream: each row is appended to one reused byte buffer
// and flushed through a bufio.Writer, and cells of Table.Cols are formatted
// from their typed slices, so writing allocates nothing per row. Their output
// is byte for byte what encoding/csv, encoding/json and the text layout of
// String produced when tables were built in memory (table_write_test.go
// checks that against those packages).

// cellMode selects one of the three renderings of a cell.
type cellMode int

const (
	modeText    cellMode = iota // formatCell: CSV, shortest round-trip floats
	modeDisplay                 // displayCell: text tables, 4 decimals
	modeJSON                    // JSON value, NaN and infinities as null
)

// appendCell appends cell (i, j) in the given rendering.
func (t *Table) appendCell(b []byte, i, j int, mode cellMode) []byte {
	if t.Cols == nil {
		var v any
		if r := t.Rows[i]; j < len(r) {
			v = r[j]
		}
		return appendAny(b, v, mode)
	}
	switch c := t.Cols[j].(type) {
	case FloatColumn:
		return appendFloat(b, c[i], mode)
	case IntColumn:
		return strconv.AppendInt(b, c[i], 10)
	case StringColumn:
		return appendString(b, c.At(i), mode)
	default:
		return appendAny(b, c.Value(i), mode)
	}
}

func appendAny(b []byte, v any, mode cellMode) []byte {
	switch x := v.(type) {
	case nil:
		if mode == modeJSON {
			return append(b, "null"...)
		}
		return b
	case string:
		return appendString(b, x, mode)
	case float64:
		return appendFloat(b, x, mode)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	}
	if mode == modeJSON {
		enc, _ := json.Marshal(v) // failures are caught by jsonCell first
		return append(b, enc...)
	}
	return append(b, formatCell(v)...)
}

// jsonCell appends cell (i, j) as JSON, failing on a cell type encoding/json
// cannot encode (a channel, a func) rather than writing a wrong value.
func (t *Table) jsonCell(b []byte, i, j int) ([]byte, error) {
	var v any
	if t.Cols != nil {
		switch t.Cols[j].(type) {
		case FloatColumn, IntColumn, StringColumn:
			return t.appendCell(b, i, j, modeJSON), nil
		}
		v = t.Cols[j].Value(i)
	} else if r := t.Rows[i]; j < len(r) {
		v = r[j]
	}
	switch v.(type) {
	case nil, string, float64, int, int64:
		return appendAny(b, v, modeJSON), nil
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return b, fmt.Errorf("table %q: row %d column %q: %w", t.Title, i, t.Columns[j], err)
	}
	return append(b, enc...), nil
}

func appendFloat(b []byte, x float64, mode cellMode) []byte {
	switch {
	case math.IsNaN(x):
		if mode == modeJSON {
			return append(b, "null"...)
		}
		return b
	case mode == modeJSON:
		if math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return appendJSONFloat(b, x)
	case mode == modeDisplay && !math.IsInf(x, 0) && x != math.Trunc(x):
		return strconv.AppendFloat(b, x, 'f', 4, 64)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// appendJSONFloat formats like encoding/json: ES6 number conversion.
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b) // e-09 -> e-9
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func appendString(b []byte, s string, mode cellMode) []byte {
	if mode != modeJSON {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			enc, _ := json.Marshal(s) // escapes: leave them to encoding/json
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendCSVField appends a field quoted exactly as encoding/csv.Writer
// (comma ',', no CRLF) would.
func appendCSVField(b []byte, field string) []byte {
	if !csvNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			b = append(b, '"', '"')
		} else {
			b = append(b, field[i])
		}
	}
	return append(b, '"')
}

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}

// flushRow writes the row buffer when it has grown past a few KiB.
func flushRow(w *bufio.Writer, b []byte) ([]byte, error) {
	if len(b) < 4096 {
		return b, nil
	}
	_, err := w.Write(b)
	return b[:0], err
}

// WriteCSV writes the notes as leading "# key: value" lines, a header and
// the rows as CSV with full-precision numbers.
func (t *Table) WriteCSV(w io.Writer) error {
	n, err := t.checkCols()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	for _, note := range t.Notes {
		b = append(b, "# "...)
		b = append(b, note.Key...)
		b = append(b, ": "...)
		for i := 0; i < len(note.Value); i++ {
			if c := note.Value[i]; c == '\n' {
				b = append(b, ' ')
			} else {
				b = append(b, c)
			}
		}
		b = append(b, '\n')
	}
	for j, c := range t.Columns {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, c)
	}
	b = append(b, '\n')
	var cell []byte
	for i := 0; i < n; i++ {
		for j := range t.Columns {
			if j > 0 {
				b = append(b, ',')
			}
			if t.Cols != nil {
				if _, isString := t.Cols[j].(StringColumn); !isString {
					b = t.appendCell(b, i, j, modeText) // numbers never need quotes
					continue
				}
			}
			cell = t.appendCell(cell[:0], i, j, modeText)
			b = appendCSVBytes(b, cell)
		}
		b = append(b, '\n')
		if b, err = flushRow(bw, b); err != nil {
			return fmt.Errorf("table %q: write csv row %d: %w", t.Title, i, err)
		}
	}
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("table %q: write csv: %w", t.Title, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("table %q: write csv: %w", t.Title, err)
	}
	return nil
}

// appendCSVBytes is appendCSVField for a formatted cell; the common case (no
// quoting) copies without converting to a string.
func appendCSVBytes(b, cell []byte) []byte {
	quote := false
	for _, c := range cell {
		if c == '\n' || c == '\r' || c == '"' || c == ',' || c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\\' || c >= utf8.RuneSelf {
			quote = true // possibly: let the exact rule decide
			break
		}
	}
	if !quote {
		return append(b, cell...)
	}
	return appendCSVField(b, string(cell))
}

// WriteJSON writes the table as a JSON object: "title", "meta" (the notes,
// keys in order) and "rows", an array of objects with keys in column order;
// NaN and infinities become null.
func (t *Table) WriteJSON(w io.Writer) error {
	n, err := t.checkCols()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	b := append([]byte(nil), `{"title": `...)
	b = appendString(b, t.Title, modeJSON)
	b = append(b, `, "meta": {`...)
	for i, note := range t.Notes {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendString(b, note.Key, modeJSON)
		b = append(b, ": "...)
		b = appendString(b, note.Value, modeJSON)
	}
	b = append(b, `}, "rows": [`...)
	keys := make([][]byte, len(t.Columns)) // `"name": ` per column, encoded once
	for j, c := range t.Columns {
		keys[j] = append(appendString(nil, c, modeJSON), ": "...)
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n  {"...)
		for j := range t.Columns {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = append(b, keys[j]...)
			if b, err = t.jsonCell(b, i, j); err != nil {
				return err
			}
		}
		b = append(b, '}')
		if b, err = flushRow(bw, b); err != nil {
			return fmt.Errorf("table %q: write json row %d: %w", t.Title, i, err)
		}
	}
	b = append(b, "\n]}\n"...)
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("table %q: write json: %w", t.Title, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("table %q: write json: %w", t.Title, err)
	}
	return nil
}

// WriteText writes the table as String renders it: a title line, the notes,
// a header and one line per row, numbers right-aligned. It reads the cells
// twice (widths, then lines) instead of holding them.
func (t *Table) WriteText(w io.Writer) error {
	n, err := t.checkCols()
	if err != nil {
		return err
	}
	width := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = utf8.RuneCountInString(c)
	}
	var cell []byte
	for i := 0; i < n; i++ {
		for j := range t.Columns {
			cell = t.appendCell(cell[:0], i, j, modeDisplay)
			if k := utf8.RuneCount(cell); k > width[j] {
				width[j] = k
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	if t.Title != "" {
		b = append(append(b, t.Title...), '\n')
	}
	for _, note := range t.Notes {
		b = append(append(append(append(append(b, "  "...), note.Key...), ": "...), note.Value...), '\n')
	}
	num := t.numericColumns()
	pad := func(b, s []byte, j int) []byte {
		gap := width[j] - utf8.RuneCount(s)
		if !num[j] {
			b = append(b, s...)
		}
		for ; gap > 0; gap-- {
			b = append(b, ' ')
		}
		if num[j] {
			b = append(b, s...)
		}
		return b
	}
	for j, c := range t.Columns {
		if j > 0 {
			b = append(b, "  "...)
		}
		b = pad(b, []byte(c), j)
	}
	b = append(b, '\n')
	for i := 0; i < n; i++ {
		for j := range t.Columns {
			if j > 0 {
				b = append(b, "  "...)
			}
			cell = t.appendCell(cell[:0], i, j, modeDisplay)
			b = pad(b, cell, j)
		}
		b = append(b, '\n')
		if b, err = flushRow(bw, b); err != nil {
			return fmt.Errorf("table %q: write text row %d: %w", t.Title, i, err)
		}
	}
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("table %q: write text: %w", t.Title, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("table %q: write text: %w", t.Title, err)
	}
	return nil
}
