package repl

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The cell suite (kernel/testdata/cells): sessions of realistic cells with
// the output Go gives for each, derived by running them as Go programs
// (kernel/testdata/cells/gen). Every cell must give Go's output, or Go's
// error, or be refused before it runs with a message naming an interpreter
// limitation the suite expects; a cell that runs and prints something else
// is a silently wrong answer. Cells marked pending (with the reason) are the
// known exceptions; they count against the pass rate.

type suiteCell struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Stdout string `json:"stdout"`
	Result string `json:"result"`
	Error  string `json:"error"`
	Limit  string `json:"limit"`
	// Pending says why the engine does not give Go's answer yet: such a
	// cell counts against the pass rate but does not fail the test.
	Pending string `json:"pending"`
}

type suiteSession struct {
	Name  string      `json:"name"`
	Cells []suiteCell `json:"cells"`
}

func loadSuite(t testing.TB) []suiteSession {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "cells", "suite.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s []suiteSession
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("suite.json: %v", err)
	}
	return s
}

// cellOutcome classifies what the engine did with a suite cell.
type cellOutcome int

const (
	cellPass    cellOutcome = iota // Go's output or Go's error
	cellRefused                    // refused, naming the expected limitation
	cellFail                       // anything else
)

// judgeCell runs c in e and classifies the outcome, with a description of
// a failure.
func judgeCell(t testing.TB, e *Engine, c suiteCell) (cellOutcome, string) {
	res, out := run(t, e, c.Code)
	errText := ""
	if res.Error != nil {
		errText = res.Error.Value + "\n" + strings.Join(res.Error.Traceback, "\n")
	}
	switch {
	case c.Error != "":
		if res.Error != nil && strings.Contains(errText, c.Error) {
			return cellPass, ""
		}
	case res.Error == nil && out.Stdout() == c.Stdout && text(res) == c.Result:
		return cellPass, ""
	}
	if c.Limit != "" && res.Error != nil && strings.Contains(errText, c.Limit) {
		return cellRefused, ""
	}
	want := fmt.Sprintf("stdout %q result %q", c.Stdout, c.Result)
	if c.Error != "" {
		want = fmt.Sprintf("error %q", c.Error)
	}
	got := fmt.Sprintf("stdout %q result %q", out.Stdout(), text(res))
	if res.Error != nil {
		got = fmt.Sprintf("error %s (stdout %q)", errText, out.Stdout())
	}
	return cellFail, fmt.Sprintf("want %s\n  got %s", want, got)
}

func TestCellSuite(t *testing.T) {
	sessions := loadSuite(t)
	var pass, refused, pending, total int
	for _, s := range sessions {
		t.Run(s.Name, func(t *testing.T) {
			e := newEngine(t)
			for _, c := range s.Cells {
				total++
				switch o, why := judgeCell(t, e, c); o {
				case cellPass:
					pass++
				case cellRefused:
					refused++
				default:
					if c.Pending != "" {
						pending++
						t.Logf("pending cell %s (%s):\n  %s", c.Name, c.Pending, why)
						continue
					}
					t.Errorf("cell %s:\n%s\n  %s", c.Name, c.Code, why)
				}
			}
		})
	}
	t.Logf("cell suite: %d of %d cells give Go's output (%.0f %%), %d refused naming a limitation, %d pending",
		pass, total, 100*float64(pass)/float64(total), refused, pending)
}
