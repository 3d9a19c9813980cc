package notebook

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Marshal encodes the notebook the way Jupyter writes it (nbformat's
// writes: 1-space indent, keys sorted, no ASCII escaping, a final newline;
// sources and text outputs as lists of lines), so that files written here
// and by Jupyter diff cleanly.
func (nb *Notebook) Marshal() ([]byte, error) {
	w := jsonWriter{buf: make([]byte, 0, 64<<10)}
	if err := w.value(nb.tree(), 0); err != nil {
		return nil, fmt.Errorf("encode notebook: %w", err)
	}
	return append(w.buf, '\n'), nil
}

// Write writes the notebook to w in Jupyter's format.
func (nb *Notebook) Write(w io.Writer) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteFile writes the notebook to path atomically (a temporary file in the
// same directory, renamed), so a crash never leaves half a notebook.
func (nb *Notebook) WriteFile(path string) error {
	b, err := nb.Marshal()
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return writeFileAtomic(path, b)
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}

// tree converts the notebook to maps and slices; encoding/json sorts map
// keys, which is what nbformat's sort_keys does.
func (nb *Notebook) tree() map[string]any {
	top := copyMap(nb.Extra)
	top["nbformat"] = nb.Format
	top["nbformat_minor"] = nb.FormatMinor
	top["metadata"] = orEmpty(nb.Metadata)
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.tree(nb.FormatMinor >= 5))
	}
	top["cells"] = cells
	return top
}

func (c *Cell) tree(withID bool) map[string]any {
	m := copyMap(c.Extra)
	m["cell_type"] = c.Type
	if c.ID != "" || withID {
		if c.ID == "" {
			c.ID = NewCellID()
		}
		m["id"] = c.ID
	}
	m["metadata"] = orEmpty(c.Metadata)
	m["source"] = splitLines(c.Source)
	if c.Attachments != nil {
		m["attachments"] = c.Attachments
	}
	if c.Type == CodeCell {
		m["execution_count"] = countValue(c.ExecutionCount)
		outs := make([]any, 0, len(c.Outputs))
		for _, o := range c.Outputs {
			outs = append(outs, o.tree())
		}
		m["outputs"] = outs
	}
	return m
}

func (o Output) tree() map[string]any {
	m := copyMap(o.Extra)
	m["output_type"] = o.Type
	switch o.Type {
	case StreamOutput:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayDataOutput, ExecuteResultOutput:
		data := make(map[string]any, len(o.Data))
		for k, v := range o.Data {
			if s, ok := v.(string); ok && splitMime(k) {
				data[k] = splitLines(s)
			} else {
				data[k] = v
			}
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResultOutput {
			m["execution_count"] = countValue(o.ExecutionCount)
		}
	case ErrorOutput:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return m
}

// splitLines splits s after each newline, as Python's str.splitlines(True)
// does for "\n" and "\r\n" line ends; "" gives an empty list.
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

func countValue(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+8)
	for k, v := range m {
		out[k] = v
	}
	return out
}
