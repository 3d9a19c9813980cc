package typecheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestProjectNotebooksTypeCheck checks every code cell of the project's
// notebooks in order, as a session would: Go accepts them all, and the
// checker judges each one (none waved through, no note about the session).
func TestProjectNotebooksTypeCheck(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(moduleRoot(t), "notebooks", "*.ipynb"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks found (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Cells []struct {
				CellType string          `json:"cell_type"`
				Source   json.RawMessage `json:"source"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		s := newSession()
		for i, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			src, err := sourceText(c.Source)
			if err != nil {
				t.Fatalf("%s cell %d: %v", f, i, err)
			}
			r := s.Check(src)
			if len(r.Errors) > 0 || r.Unsure != "" || len(r.Notes) > 0 {
				t.Errorf("%s cell %d: errors %v, unsure %q, notes %v\n%s", filepath.Base(f), i, r.Errors, r.Unsure, r.Notes, src)
			}
			s.Commit(r, true)
		}
		if st := s.Stats(); st.Checked == 0 {
			t.Errorf("%s: no code cell checked", f)
		}
	}
}

// sourceText reads a notebook cell's source: a string or a list of lines.
func sourceText(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", err
	}
	for _, l := range lines {
		s += l
	}
	return s, nil
}
