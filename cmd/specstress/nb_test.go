package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/notebook"
)

// echoEngine prints each cell's source and fails cells containing "fail";
// it records the working directory it ran in.
type echoEngine struct{ dirs *[]string }

func (e echoEngine) Info() engine.LanguageInfo { return engine.LanguageInfo{Name: "go"} }
func (e echoEngine) Execute(ctx context.Context, code string, out engine.Output) engine.Result {
	wd, _ := os.Getwd()
	*e.dirs = append(*e.dirs, wd)
	if strings.Contains(code, "fail") {
		return engine.Result{Error: &engine.Error{Name: "panic", Value: code, Traceback: []string{"panic: " + code}}}
	}
	out.Stream("stdout", code+"\n")
	return engine.Result{Data: engine.Bundle{"text/plain": "ok", "image/png": "iVBORw0KGgo="}}
}
func (echoEngine) Complete(string, int) engine.Completion     { return engine.Completion{} }
func (echoEngine) Inspect(string, int, int) engine.Inspection { return engine.Inspection{} }
func (echoEngine) IsComplete(string) (string, string)         { return "complete", "" }
func (echoEngine) Close() error                               { return nil }

func writeNotebook(t *testing.T, path string, sources ...string) {
	t.Helper()
	nb := notebook.New()
	nb.Cells = append(nb.Cells, notebook.NewMarkdown("# Test notebook"))
	for _, s := range sources {
		nb.Cells = append(nb.Cells, notebook.NewCode(s))
	}
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
}

func TestNBJobRunsInNotebookDirAndWritesOutputs(t *testing.T) {
	src := filepath.Join(t.TempDir(), "nbs")
	outDir := t.TempDir()
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(src, "a.ipynb")
	writeNotebook(t, in, "one", "two")
	var dirs []string
	job := nbJob{in: in, out: filepath.Join(outDir, "a.ipynb"), html: filepath.Join(outDir, "a.html")}
	res := job.run(context.Background(), func(string) (engine.Engine, error) { return echoEngine{&dirs}, nil })
	if res.err != nil {
		t.Fatal(res.err)
	}
	wantDir, _ := filepath.EvalSymlinks(src)
	for _, d := range dirs {
		if got, _ := filepath.EvalSymlinks(d); got != wantDir {
			t.Errorf("cell ran in %s, want the notebook's directory %s", d, wantDir)
		}
	}
	executed, err := notebook.ReadFile(job.out)
	if err != nil {
		t.Fatal(err)
	}
	if c := executed.Cells[2]; *c.ExecutionCount != 2 || c.Outputs[0].Text != "two\n" {
		t.Errorf("executed cell = %+v", c)
	}
	page, err := os.ReadFile(job.html)
	if err != nil || !strings.Contains(string(page), "data:image/png;base64,") {
		t.Errorf("HTML page missing or without the figure: %v", err)
	}
	// The input notebook is untouched when --out is elsewhere.
	orig, _ := notebook.ReadFile(in)
	if orig.Cells[1].ExecutionCount != nil {
		t.Errorf("input notebook was modified")
	}
}

func TestNBJobSavesFailedNotebook(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "b.ipynb")
	writeNotebook(t, in, "fine", "fail here", "never")
	var dirs []string
	res := nbJob{in: in, out: in}.run(context.Background(), func(string) (engine.Engine, error) { return echoEngine{&dirs}, nil })
	if res.err == nil || !strings.Contains(res.err.Error(), "fail here") {
		t.Fatalf("err = %v, want the failing cell", res.err)
	}
	nb, err := notebook.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[2].Outputs[0].Type != notebook.ErrorOutput || nb.Cells[3].ExecutionCount != nil {
		t.Errorf("saved notebook does not show the error and stop there")
	}
	if !strings.HasPrefix(res.summary(), "FAIL") {
		t.Errorf("summary %q does not say FAIL", res.summary())
	}
}

func TestNBRunBadInput(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runNB([]string{"run", filepath.Join(t.TempDir(), "missing.ipynb")}, &out, &errb); code != 1 {
		t.Errorf("missing notebook: exit %d, want 1", code)
	}
	if code := runNB(nil, &out, &errb); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
	if code := runNB([]string{"run"}, &out, &errb); code != 2 {
		t.Errorf("no notebooks: exit %d, want 2", code)
	}
	bad := filepath.Join(t.TempDir(), "bad.ipynb")
	os.WriteFile(bad, []byte("{not json"), 0o644)
	errb.Reset()
	if code := runNB([]string{"run", bad}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "bad.ipynb") {
		t.Errorf("corrupt notebook: exit %d, stderr %q", code, errb.String())
	}
}

func TestParseInterleavedFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	html := fs.Bool("html", false, "")
	out := fs.String("out", "", "")
	pos, err := parseInterleaved(fs, []string{"a.ipynb", "--html", "b.ipynb", "--out", "d", "c.ipynb"})
	if err != nil || strings.Join(pos, ",") != "a.ipynb,b.ipynb,c.ipynb" || !*html || *out != "d" {
		t.Errorf("got %v %v html=%v out=%q", pos, err, *html, *out)
	}
}

// TestNBRunRejectsMalformedNotebooks: JSON that is not a notebook fails
// with the file and the problem named, never "ok, 0 cells"; the other
// notebooks of the run still run.
func TestNBRunRejectsMalformedNotebooks(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ body, want string }{
		"nocells.ipynb":  {`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, "missing field cells"},
		"celltype.ipynb": {`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "sql", "source": "x"}]}`, `cell 0: unknown cell_type "sql"`},
		"v3.ipynb":       {`{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}`, "nbformat 3 is not supported"},
		"list.ipynb":     {`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {"0": {}}}`, "field cells: want a list"},
	}
	var args []string
	for name, c := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	var out, errb bytes.Buffer
	if code := runNB(append([]string{"run"}, args...), &out, &errb); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for name, c := range cases {
		p := filepath.Join(dir, name)
		named := false
		for _, l := range strings.Split(errb.String(), "\n") {
			named = named || strings.HasPrefix(l, p+": ") && strings.Contains(l, c.want)
		}
		if !named {
			t.Errorf("stderr does not name %s and %q:\n%s", p, c.want, errb.String())
		}
	}
	if strings.Contains(out.String(), "ok ") {
		t.Errorf("a malformed notebook passed:\n%s", out.String())
	}
}
