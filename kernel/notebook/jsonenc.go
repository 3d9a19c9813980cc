package notebook

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"
)

// jsonWriter writes a tree of maps, slices and scalars the way Python's
// json.dumps(sort_keys=True, indent=1, ensure_ascii=False) does, which is
// how nbformat writes notebooks: keys sorted, one-space indent, "key": value,
// only quotes, backslashes and control characters escaped. It writes the
// indentation in the same pass (encoding/json would re-scan its output to
// indent it, which dominated the cost for notebooks full of images).
type jsonWriter struct {
	buf []byte
}

func (w *jsonWriter) value(v any, depth int) error {
	switch x := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case bool:
		w.buf = strconv.AppendBool(w.buf, x)
	case string:
		w.str(x)
	case json.Number:
		w.buf = append(w.buf, x...)
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(x), 10)
	case int64:
		w.buf = strconv.AppendInt(w.buf, x, 10)
	case map[string]any:
		return w.object(x, depth)
	case []any:
		return w.array(len(x), func(i int) any { return x[i] }, depth)
	case []string:
		return w.array(len(x), func(i int) any { return x[i] }, depth)
	default:
		// Anything else (floats, typed values from engines) goes through
		// encoding/json compactly; it is rare and small.
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("encode %T: %w", x, err)
		}
		var tree any
		if err := json.Unmarshal(b, &tree); err != nil || !isContainer(tree) {
			w.buf = append(w.buf, b...)
			return nil
		}
		return w.value(tree, depth)
	}
	return nil
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func (w *jsonWriter) newline(depth int) {
	w.buf = append(w.buf, '\n')
	for i := 0; i < depth; i++ {
		w.buf = append(w.buf, ' ')
	}
}

func (w *jsonWriter) object(m map[string]any, depth int) error {
	if len(m) == 0 {
		w.buf = append(w.buf, "{}"...)
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Python sorts str keys by code point; Go compares UTF-8 bytes, which
	// orders code points the same way.
	sort.Strings(keys)
	w.buf = append(w.buf, '{')
	for i, k := range keys {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth + 1)
		w.str(k)
		w.buf = append(w.buf, ": "...)
		if err := w.value(m[k], depth+1); err != nil {
			return err
		}
	}
	w.newline(depth)
	w.buf = append(w.buf, '}')
	return nil
}

func (w *jsonWriter) array(n int, at func(int) any, depth int) error {
	if n == 0 {
		w.buf = append(w.buf, "[]"...)
		return nil
	}
	w.buf = append(w.buf, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth + 1)
		if err := w.value(at(i), depth+1); err != nil {
			return err
		}
	}
	w.newline(depth)
	w.buf = append(w.buf, ']')
	return nil
}

// str writes a JSON string as Python's json module does with
// ensure_ascii=False; invalid UTF-8 becomes U+FFFD.
func (w *jsonWriter) str(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				w.buf = append(w.buf, s[start:i]...)
				w.buf = append(w.buf, "\ufffd"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		switch c {
		case '"':
			w.buf = append(w.buf, `\"`...)
		case '\\':
			w.buf = append(w.buf, `\\`...)
		case '\n':
			w.buf = append(w.buf, `\n`...)
		case '\r':
			w.buf = append(w.buf, `\r`...)
		case '\t':
			w.buf = append(w.buf, `\t`...)
		case '\b':
			w.buf = append(w.buf, `\b`...)
		case '\f':
			w.buf = append(w.buf, `\f`...)
		default:
			w.buf = append(w.buf, fmt.Sprintf(`\u%04x`, c)...)
		}
		i++
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
}
