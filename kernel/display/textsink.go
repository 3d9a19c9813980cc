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
	mu  sync.Mutex
	w   io.Writer
	dir string
}

// fileExt maps the mime types written to files to their extensions, in
// order of preference: one file per display.
var fileExt = []struct{ mime, ext string }{
	{"image/png", ".png"},
	{"image/jpeg", ".jpg"},
	{"image/svg+xml", ".svg"},
}

func (s *textSink) Display(b Bundle, _ map[string]any, _ string, _ bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
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
