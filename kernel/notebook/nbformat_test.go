package notebook

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/specstress/specstress/internal/testenv"
)

// testdata/jupyter.ipynb was written by nbformat 5 (nbformat.write), with
// unknown metadata, every output type, unicode and HTML characters.
func TestRoundTripIsByteIdenticalToJupyter(t *testing.T) {
	want, err := os.ReadFile("testdata/jupyter.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("round trip differs from Jupyter's bytes:\n%s", firstDiff(string(got), string(want)))
	}
}

func TestParseReadsFields(t *testing.T) {
	nb, err := ReadFile("testdata/jupyter.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 {
		t.Fatalf("cells = %d, want 4", len(nb.Cells))
	}
	c := nb.Cells[1]
	if c.Type != CodeCell || c.ID != "code-1" || *c.ExecutionCount != 3 || c.Source != "x := 1\nfmt.Println(\"<b>\", x)\n" {
		t.Errorf("code cell = %+v", c)
	}
	if c.Outputs[0].Text != "<b> 1\nsecond line\n" {
		t.Errorf("stream text not joined: %q", c.Outputs[0].Text)
	}
	if c.Outputs[1].Data["image/svg+xml"] != "<svg>\n<g/>\n</svg>" {
		t.Errorf("svg lines not joined: %q", c.Outputs[1].Data["image/svg+xml"])
	}
	if _, ok := c.Outputs[1].Data["application/json"].(map[string]any); !ok {
		t.Errorf("application/json must stay a JSON value, got %T", c.Outputs[1].Data["application/json"])
	}
	if c.Outputs[3].EName != "panic" || len(c.Outputs[3].Traceback) != 2 {
		t.Errorf("error output = %+v", c.Outputs[3])
	}
	if nb.Cells[2].ExecutionCount != nil {
		t.Errorf("null execution_count read as %d", *nb.Cells[2].ExecutionCount)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"not json":        {`{"cells": [`, "notebook JSON"},
		"array":           {`[]`, "notebook JSON"},
		"nbformat 3":      {`{"nbformat": 3, "worksheets": []}`, "nbformat 3 is not supported"},
		"no nbformat":     {`{"cells": []}`, "missing field nbformat"},
		"cells not list":  {`{"nbformat": 4, "cells": {}}`, "field cells"},
		"cell not object": {`{"nbformat": 4, "cells": [1]}`, "cell 0"},
		"no cell_type":    {`{"nbformat": 4, "cells": [{"source": ""}]}`, "cell 0: missing field cell_type"},
		"bad source":      {`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}`, "cell 0: field source"},
		"bad source line": {`{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}`, "line 1"},
		"bad count":       {`{"nbformat": 4, "cells": [{"cell_type": "code", "execution_count": "x"}]}`, "execution_count"},
		"bad output":      {`{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": [{"output_type": "stream", "text": 3}]}]}`, "cell 0 output 0: field text"},
		"bad traceback":   {`{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": [{"output_type": "error", "traceback": [1]}]}]}`, "traceback line 0"},
		"no cells":        {`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, "notebook: missing field cells"},
		"cells null":      {`{"nbformat": 4, "cells": null}`, "field cells: want a list, got null"},
		"cells string":    {`{"nbformat": 4, "cells": "code"}`, "field cells: want a list, got a string"},
		"unknown type":    {`{"nbformat": 4, "cells": [{"cell_type": "markdown"}, {"cell_type": "python"}]}`, `cell 1: unknown cell_type "python"`},
		"hostile type":    {`{"nbformat": 4, "cells": [{"cell_type": "code\" onload=\"alert(1)"}]}`, "cell 0: unknown cell_type"},
		"unknown output":  {`{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": [{"output_type": "magic"}]}]}`, `cell 0 output 0: unknown output_type "magic"`},
		"nbformat 5":      {`{"nbformat": 5, "cells": []}`, "nbformat 5 is not supported"},
		"nbformat string": {`{"nbformat": "4", "cells": []}`, "field nbformat: want an integer"},
	}
	for name, tc := range cases {
		_, err := Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, tc.want)
		}
	}
}

func TestWriteAddsIDsAndEmptyFields(t *testing.T) {
	nb := New()
	nb.Cells = []*Cell{{Type: CodeCell, Source: "a\nb"}, {Type: MarkdownCell}}
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"id": "`, `"outputs": []`, `"execution_count": null`, `"source": [` + "\n    \"a\\n\",\n    \"b\"\n   ]", `"source": []`, `"metadata": {}`} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	again, err := nb.Marshal()
	if err != nil || !bytes.Equal(b, again) {
		t.Errorf("second Marshal differs: ids must be assigned once")
	}
}

// TestJupyterValidatesOurOutput checks a notebook executed here with
// Jupyter's own validator (Debian's python3-nbformat).
func TestJupyterValidatesOurOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-check with Jupyter's nbformat; skipped with -short")
	}
	py := testenv.Python(t, "nbformat")
	nb := codeNotebook("out a\\n\nshow d x\npng", "update d y\nfail E e")
	mustRun(t, nb, Options{})
	path := filepath.Join(t.TempDir(), "x.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
nbformat.write(nb, sys.argv[1] + ".py.ipynb")`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects our notebook: %v\n%s", err, out)
	}
	ours, _ := os.ReadFile(path)
	theirs, _ := os.ReadFile(path + ".py.ipynb")
	if !bytes.Equal(ours, theirs) {
		t.Errorf("nbformat rewrites our notebook differently:\n%s", firstDiff(string(ours), string(theirs)))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + x + "\nwant: " + y
		}
	}
	return "(equal)"
}

// The expected bytes are what Python's json.dumps(..., sort_keys=True,
// indent=1, ensure_ascii=False) prints for the same values.
func TestJSONWriterMatchesPython(t *testing.T) {
	cases := []struct {
		in   any
		want string
	}{
		{"a\x01\u2028é\"\\\b\f\n\t\r/\x7f<>&😀", "\"a\\u0001\u2028é\\\"\\\\\\b\\f\\n\\t\\r/\x7f<>&😀\""},
		{"bad \xff byte", "\"bad \ufffd byte\""},
		{map[string]any{"b": []any{}, "a": map[string]any{}, "c": []any{1, map[string]any{"z": nil, "y": true}}},
			"{\n \"a\": {},\n \"b\": [],\n \"c\": [\n  1,\n  {\n   \"y\": true,\n   \"z\": null\n  }\n ]\n}"},
		{map[string]any{"w": 640.5, "h": struct {
			N int `json:"n"`
		}{3}}, "{\n \"h\": {\n  \"n\": 3\n },\n \"w\": 640.5\n}"},
	}
	for _, tc := range cases {
		var w jsonWriter
		if err := w.value(tc.in, 0); err != nil {
			t.Fatal(err)
		}
		if got := string(w.buf); got != tc.want {
			t.Errorf("encode %#v:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
