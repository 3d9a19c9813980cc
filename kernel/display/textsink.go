package display

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// OutputDir is where displays write image files when no kernel is
// attached: $SPECSTRESS_DISPLAY_DIR when set, else specstress-display in the
// system temporary directory.
func OutputDir() string {
	if d := os.Getenv("SPECSTRESS_DISPLAY_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "specstress-display")
}

// TextSink returns the sink used outside a kernel: text members are printed
// to w, and images (PNG, JPEG, SVG) are written to new files in dir whose
// paths are printed instead. A script runtime can install it with its own
// writer; SetSink(nil) uses it with standard output.
func TextSink(w io.Writer, dir string) Sink {
	return &textSink{w: w, dir: dir}
}

type textSink struct {
	mu       sync.Mutex
	w        io.Writer
	dir      string
	progress map[string]int // display id -> last printed tenth of a progress
}

// fileExt maps the mime types written to files to their extensions, in
// order of preference: one file per display.
var fileExt = []struct{ mime, ext string }{
	{"image/png", ".png"},
	{"image/jpeg", ".jpg"},
	{"image/svg+xml", ".svg"},
}

func (s *textSink) Display(b Bundle, meta map[string]any, id string, update bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.showProgress(meta, id, update) {
		return
	}
	for _, fe := range fileExt {
		data, ok := b.Bytes(fe.mime)
		if !ok {
			continue
		}
		path, err := s.write(data, fe.ext)
		if err != nil {
			fmt.Fprintf(s.w, "%s (%s not saved: %v)\n", b.Text(), fe.mime, err)
			return
		}
		fmt.Fprintf(s.w, "%s saved to %s\n", b.Text(), path)
		return
	}
	text := b.Text()
	if text == "" {
		text = placeholder(b)
	}
	if text[len(text)-1] != '\n' {
		text += "\n"
	}
	io.WriteString(s.w, text)
}

// showProgress decides whether a progress update is printed: its first
// state, each further tenth and its final state; everything else prints.
func (s *textSink) showProgress(meta map[string]any, id string, update bool) bool {
	pm, ok := meta[progressMeta].(map[string]any)
	if !ok {
		return true
	}
	tenth := 0
	if pct, ok := pm["percent"].(int); ok {
		tenth = pct / 10
	}
	if s.progress == nil {
		s.progress = map[string]int{}
	}
	const finished = 11 // beyond any tenth: the final state was printed
	last, seen := s.progress[id]
	final, _ := pm["final"].(bool)
	switch {
	case seen && last == finished:
		return false
	case final:
		s.progress[id] = finished
		return true
	case update && seen && tenth <= last:
		return false
	}
	s.progress[id] = tenth
	return true
}

// Clear does nothing: a terminal keeps what was printed.
func (s *textSink) Clear(bool) {}

func (s *textSink) write(data []byte, ext string) (string, error) {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return "", fmt.Errorf("create display dir: %w", err)
	}
	f, err := os.CreateTemp(s.dir, "display-*"+ext)
	if err != nil {
		return "", fmt.Errorf("create display file: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}
