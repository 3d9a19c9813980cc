// Package notebook reads and writes Jupyter notebooks (nbformat 4), executes
// them in-process through an engine.Engine storing outputs as Jupyter does, and
// exports them as self-contained HTML pages.
package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Cell types of nbformat 4.
const (
	CodeCell     = "code"
	MarkdownCell = "markdown"
	RawCell      = "raw"
)

// Output types of nbformat 4.
const (
	StreamOutput        = "stream"
	DisplayDataOutput   = "display_data"
	ExecuteResultOutput = "execute_result"
	ErrorOutput         = "error"
)

// Notebook is an nbformat 4 notebook. Metadata and unknown top-level fields
// are kept as decoded so that a read-write round trip preserves them.
type Notebook struct {
	Format      int            // nbformat, always 4
	FormatMinor int            // nbformat_minor
	Metadata    map[string]any // notebook metadata (kernelspec, language_info, ...)
	Cells       []*Cell
	Extra       map[string]any // unknown top-level fields, written back as they were
}

// Cell is one notebook cell. Source is held as one string; it is written as
// a list of lines like Jupyter does.
type Cell struct {
	ID             string // cell id (nbformat 4.5+), "" when absent
	Type           string // CodeCell, MarkdownCell or RawCell
	Source         string
	Metadata       map[string]any
	ExecutionCount *int     // code cells only; nil is JSON null
	Outputs        []Output // code cells only
	Attachments    map[string]any
	Extra          map[string]any // unknown cell fields
}

// Output is one output of a code cell. Which fields are used depends on
// Type: Name and Text for streams; Data, Metadata (and ExecutionCount for
// execute_result) for rich outputs; EName, EValue and Traceback for errors.
type Output struct {
	Type           string
	Name           string // "stdout" or "stderr"
	Text           string
	Data           map[string]any // mime type -> string (text, base64) or JSON value
	Metadata       map[string]any
	ExecutionCount *int
	EName          string
	EValue         string
	Traceback      []string
	Extra          map[string]any // unknown output fields
}

// New returns an empty nbformat 4.5 notebook.
func New() *Notebook {
	return &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}}
}

// NewCode returns a code cell with the given source and a fresh id.
func NewCode(source string) *Cell {
	return &Cell{ID: NewCellID(), Type: CodeCell, Source: source, Metadata: map[string]any{}}
}

// NewMarkdown returns a markdown cell with the given source and a fresh id.
func NewMarkdown(source string) *Cell {
	return &Cell{ID: NewCellID(), Type: MarkdownCell, Source: source, Metadata: map[string]any{}}
}

// NewCellID returns a random cell id in the form Jupyter generates (8 hex
// characters, within nbformat's 1-64 [a-zA-Z0-9-_] rule).
func NewCellID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ReadFile reads a notebook from a file.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Read reads a notebook from r.
func Read(r io.Reader) (*Notebook, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse decodes an nbformat 4 notebook. Sources and text outputs may be
// strings or lists of lines. Numbers in metadata keep their exact text.
func Parse(b []byte) (*Notebook, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("notebook JSON: %w", err)
	}
	if top == nil {
		return nil, fmt.Errorf("notebook JSON: not an object")
	}
	f := fields{top, "notebook"}
	nb := &Notebook{}
	var err error
	if nb.Format, err = f.int("nbformat", true); err != nil {
		return nil, err
	}
	if nb.Format != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported (only 4; convert with `jupyter nbconvert --to notebook`)", nb.Format)
	}
	if nb.FormatMinor, err = f.int("nbformat_minor", false); err != nil {
		return nil, err
	}
	if nb.Metadata, err = f.object("metadata"); err != nil {
		return nil, err
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	// A file without a cells list is not an empty notebook: it is some
	// other JSON, and running it as "0 cells, ok" would hide that.
	cellsVal, present := top["cells"]
	if !present {
		return nil, fmt.Errorf("notebook: missing field cells (is this an nbformat 4 notebook?)")
	}
	rawCells, ok := cellsVal.([]any)
	if !ok {
		return nil, fmt.Errorf("notebook: field cells: want a list, got %s", jsonKind(cellsVal))
	}
	for i, rc := range rawCells {
		m, ok := rc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cell %d: want an object, got %T", i, rc)
		}
		c, err := parseCell(m, i)
		if err != nil {
			return nil, err
		}
		nb.Cells = append(nb.Cells, c)
	}
	nb.Extra = rest(top, "nbformat", "nbformat_minor", "metadata", "cells")
	return nb, nil
}

func parseCell(m map[string]any, i int) (*Cell, error) {
	f := fields{m, fmt.Sprintf("cell %d", i)}
	c := &Cell{}
	var err error
	if c.Type, err = f.str("cell_type", true); err != nil {
		return nil, err
	}
	switch c.Type {
	case CodeCell, MarkdownCell, RawCell:
	default:
		return nil, fmt.Errorf("%s: unknown cell_type %q (want code, markdown or raw)", f.where, c.Type)
	}
	if c.ID, err = f.str("id", false); err != nil {
		return nil, err
	}
	if c.Source, err = f.text("source"); err != nil {
		return nil, err
	}
	if c.Metadata, err = f.object("metadata"); err != nil {
		return nil, err
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	if c.Attachments, err = f.object("attachments"); err != nil {
		return nil, err
	}
	if c.Type == CodeCell {
		if c.ExecutionCount, err = f.count("execution_count"); err != nil {
			return nil, err
		}
		outs, ok := m["outputs"].([]any)
		if !ok && m["outputs"] != nil {
			return nil, fmt.Errorf("%s: field outputs: want a list, got %T", f.where, m["outputs"])
		}
		for j, ro := range outs {
			om, ok := ro.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s output %d: want an object, got %T", f.where, j, ro)
			}
			o, err := parseOutput(om, fmt.Sprintf("%s output %d", f.where, j))
			if err != nil {
				return nil, err
			}
			c.Outputs = append(c.Outputs, o)
		}
	}
	c.Extra = rest(m, "cell_type", "id", "source", "metadata", "attachments", "execution_count", "outputs")
	return c, nil
}

func parseOutput(m map[string]any, where string) (Output, error) {
	f := fields{m, where}
	var o Output
	var err error
	if o.Type, err = f.str("output_type", true); err != nil {
		return o, err
	}
	switch o.Type {
	default:
		return o, fmt.Errorf("%s: unknown output_type %q (want stream, display_data, execute_result or error)", where, o.Type)
	case StreamOutput:
		if o.Name, err = f.str("name", false); err != nil {
			return o, err
		}
		if o.Text, err = f.text("text"); err != nil {
			return o, err
		}
	case DisplayDataOutput, ExecuteResultOutput:
		if o.Data, err = f.object("data"); err != nil {
			return o, err
		}
		for k, v := range o.Data {
			if lines, ok := v.([]any); ok && !isJSONMime(k) {
				s, err := joinLines(lines)
				if err != nil {
					return o, fmt.Errorf("%s: data %s: %w", where, k, err)
				}
				o.Data[k] = s
			}
		}
		if o.Metadata, err = f.object("metadata"); err != nil {
			return o, err
		}
		if o.Type == ExecuteResultOutput {
			if o.ExecutionCount, err = f.count("execution_count"); err != nil {
				return o, err
			}
		}
	case ErrorOutput:
		if o.EName, err = f.str("ename", false); err != nil {
			return o, err
		}
		if o.EValue, err = f.str("evalue", false); err != nil {
			return o, err
		}
		if tb, ok := m["traceback"].([]any); ok {
			for k, l := range tb {
				s, ok := l.(string)
				if !ok {
					return o, fmt.Errorf("%s: traceback line %d: want a string, got %T", where, k, l)
				}
				o.Traceback = append(o.Traceback, s)
			}
		}
	}
	o.Extra = rest(m, "output_type", "name", "text", "data", "metadata", "execution_count", "ename", "evalue", "traceback")
	return o, nil
}

// isJSONMime reports whether a mime type carries a JSON value that nbformat
// leaves alone rather than joining or splitting as lines.
func isJSONMime(mime string) bool {
	return mime == "application/json" || (strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json"))
}

// splitMime reports whether nbformat writes a mime type's string as a list
// of lines (text/*, SVG and JavaScript; base64 images stay one string).
func splitMime(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "image/svg+xml" || mime == "application/javascript"
}

// fields reads typed fields of a decoded JSON object, naming where it is in
// errors.
type fields struct {
	m     map[string]any
	where string
}

func (f fields) str(key string, required bool) (string, error) {
	v, ok := f.m[key]
	if !ok || v == nil {
		if required {
			return "", fmt.Errorf("%s: missing field %s", f.where, key)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: field %s: want a string, got %T", f.where, key, v)
	}
	return s, nil
}

func (f fields) int(key string, required bool) (int, error) {
	v, ok := f.m[key]
	if !ok || v == nil {
		if required {
			return 0, fmt.Errorf("%s: missing field %s", f.where, key)
		}
		return 0, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%s: field %s: want an integer, got %T", f.where, key, v)
	}
	i, err := n.Int64()
	if err != nil {
		return 0, fmt.Errorf("%s: field %s: want an integer, got %s", f.where, key, n)
	}
	return int(i), nil
}

func (f fields) count(key string) (*int, error) {
	if v, ok := f.m[key]; !ok || v == nil {
		return nil, nil
	}
	n, err := f.int(key, false)
	return &n, err
}

func (f fields) object(key string) (map[string]any, error) {
	v, ok := f.m[key]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: field %s: want an object, got %T", f.where, key, v)
	}
	return m, nil
}

// text reads a multiline string stored as a string or a list of lines.
func (f fields) text(key string) (string, error) {
	switch v := f.m[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []any:
		s, err := joinLines(v)
		if err != nil {
			return "", fmt.Errorf("%s: field %s: %w", f.where, key, err)
		}
		return s, nil
	default:
		return "", fmt.Errorf("%s: field %s: want a string or a list of strings, got %T", f.where, key, v)
	}
}

func joinLines(lines []any) (string, error) {
	var sb strings.Builder
	for i, l := range lines {
		s, ok := l.(string)
		if !ok {
			return "", fmt.Errorf("line %d: want a string, got %T", i, l)
		}
		sb.WriteString(s)
	}
	return sb.String(), nil
}

// jsonKind names the JSON type of a decoded value for error messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// rest returns the fields of m not named in known, or nil.
func rest(m map[string]any, known ...string) map[string]any {
	var out map[string]any
	for k, v := range m {
		isKnown := false
		for _, kk := range known {
			if k == kk {
				isKnown = true
				break
			}
		}
		if !isKnown {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}
