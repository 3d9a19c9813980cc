package notebook

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func codeNotebook(sources ...string) *Notebook {
	nb := New()
	nb.Cells = append(nb.Cells, NewMarkdown("# title"))
	for _, s := range sources {
		nb.Cells = append(nb.Cells, NewCode(s))
	}
	return nb
}

func mustRun(t *testing.T, nb *Notebook, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), nb, &fakeEngine{}, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func types(outs []Output) []string {
	var s []string
	for _, o := range outs {
		s = append(s, o.Type)
	}
	return s
}

func TestRunStoresOutputsLikeJupyter(t *testing.T) {
	nb := codeNotebook(
		"out a\nout b\\n\nerr oops\\n\nout c\\n\nresult 42",
		"",
		"show - hello\npng",
	)
	nb.Cells[1].Outputs = []Output{{Type: StreamOutput, Name: "stdout", Text: "stale"}}
	rep := mustRun(t, nb, Options{})
	if rep.Executed != 2 || rep.Err() != nil {
		t.Fatalf("executed %d, err %v; want 2 cells, no error", rep.Executed, rep.Err())
	}
	c1 := nb.Cells[1]
	want := []Output{
		{Type: StreamOutput, Name: "stdout", Text: "ab\n"},
		{Type: StreamOutput, Name: "stderr", Text: "oops\n"},
		{Type: StreamOutput, Name: "stdout", Text: "c\n"},
	}
	if got := c1.Outputs[:3]; !reflect.DeepEqual(got, want) {
		t.Errorf("streams = %#v\nwant consecutive same-name streams merged: %#v", got, want)
	}
	res := c1.Outputs[3]
	if res.Type != ExecuteResultOutput || res.Data["text/plain"] != "42" || res.ExecutionCount == nil || *res.ExecutionCount != 1 {
		t.Errorf("result = %+v, want execute_result 42 with count 1", res)
	}
	if *c1.ExecutionCount != 1 {
		t.Errorf("cell count = %d, want 1", *c1.ExecutionCount)
	}
	if nb.Cells[2].ExecutionCount != nil || len(nb.Cells[2].Outputs) != 0 {
		t.Errorf("empty cell got count %v outputs %v, want skipped", nb.Cells[2].ExecutionCount, nb.Cells[2].Outputs)
	}
	c3 := nb.Cells[3]
	if *c3.ExecutionCount != 2 || !reflect.DeepEqual(types(c3.Outputs), []string{DisplayDataOutput, ExecuteResultOutput}) {
		t.Errorf("cell 3: count %d outputs %v", *c3.ExecutionCount, types(c3.Outputs))
	}
	if nb.Metadata["language_info"].(map[string]any)["name"] != "go" {
		t.Errorf("language_info not set from the engine: %v", nb.Metadata)
	}
}

func TestRunCarriageReturnOverwritesLine(t *testing.T) {
	nb := codeNotebook("out 10%\\r\nout 50%\\r\nout 100%\\ndone\\n")
	mustRun(t, nb, Options{})
	if got := nb.Cells[1].Outputs[0].Text; got != "100%\ndone\n" {
		t.Errorf("stream = %q, want progress collapsed to %q", got, "100%\ndone\n")
	}
}

func TestRunUpdateDisplayAcrossCells(t *testing.T) {
	nb := codeNotebook(
		"show bar 0%\nshow - other\nshow bar copy",
		"update bar 100%\nupdate nobody x",
	)
	mustRun(t, nb, Options{})
	outs := nb.Cells[1].Outputs
	if outs[0].Data["text/plain"] != "100%" || outs[2].Data["text/plain"] != "100%" {
		t.Errorf("outputs with display id bar = %v, %v; want both updated to 100%%", outs[0].Data, outs[2].Data)
	}
	if outs[1].Data["text/plain"] != "other" {
		t.Errorf("output without id changed: %v", outs[1].Data)
	}
	if len(nb.Cells[2].Outputs) != 0 {
		t.Errorf("update added outputs to the updating cell: %v", types(nb.Cells[2].Outputs))
	}
}

func TestRunClearOutput(t *testing.T) {
	nb := codeNotebook(
		"out a\nshow p x\nclear\nout b",
		"out a\nclearwait\nupdate p y\nout c",
	)
	mustRun(t, nb, Options{})
	if got := nb.Cells[1].Outputs; len(got) != 1 || got[0].Text != "b" {
		t.Errorf("after clear: %+v, want only stream b", got)
	}
	// clear(wait) waits for the next output; an update is not an output.
	if got := nb.Cells[2].Outputs; len(got) != 1 || got[0].Text != "c" {
		t.Errorf("after clear(wait): %+v, want only stream c", got)
	}
}

func TestRunStopsOnFirstError(t *testing.T) {
	nb := codeNotebook("out x", "fail ValueError bad thing", "out y")
	rep := mustRun(t, nb, Options{})
	var ce *CellError
	if !errors.As(rep.Err(), &ce) || ce.Index != 2 || ce.Count != 2 || ce.Err.Name != "ValueError" {
		t.Fatalf("Err() = %v, want cell 2 [2] ValueError", rep.Err())
	}
	e := nb.Cells[2].Outputs[0]
	if e.Type != ErrorOutput || e.EName != "ValueError" || e.EValue != "bad thing" || len(e.Traceback) != 2 {
		t.Errorf("error output = %+v", e)
	}
	if nb.Cells[3].ExecutionCount != nil || nb.Cells[3].Outputs != nil {
		t.Errorf("cell after the error ran: count %v", nb.Cells[3].ExecutionCount)
	}
	if !strings.Contains(rep.Err().Error(), "bad thing") {
		t.Errorf("error message %q does not name the value", rep.Err())
	}
}

func TestRunContinueOnError(t *testing.T) {
	nb := codeNotebook("fail A a", "out y", "fail B b")
	rep := mustRun(t, nb, Options{ContinueOnError: true})
	if rep.Executed != 3 || len(rep.Errors) != 2 {
		t.Fatalf("executed %d errors %d, want 3 and 2", rep.Executed, len(rep.Errors))
	}
	if nb.Cells[2].Outputs[0].Text != "y" || *nb.Cells[3].ExecutionCount != 3 {
		t.Errorf("cells after the error did not run in order")
	}
}

func TestRunTimeoutInterruptsCell(t *testing.T) {
	nb := codeNotebook("out before\nblock", "out after")
	rep := mustRun(t, nb, Options{Timeout: 50 * time.Millisecond})
	if len(rep.Errors) != 1 || !rep.Errors[0].Timeout {
		t.Fatalf("errors = %v, want one timeout", rep.Errors)
	}
	outs := nb.Cells[1].Outputs
	if len(outs) != 2 || outs[0].Text != "before" || outs[1].EName != "CellTimeoutError" {
		t.Errorf("outputs = %+v, want stream then CellTimeoutError", outs)
	}
}

func TestRunStuckEngineStopsRun(t *testing.T) {
	nb := codeNotebook("hang", "out after")
	_, err := Run(context.Background(), nb, &fakeEngine{}, Options{Timeout: 10 * time.Millisecond, Grace: 10 * time.Millisecond})
	if !errors.Is(err, ErrEngineStuck) {
		t.Fatalf("err = %v, want ErrEngineStuck", err)
	}
	if nb.Cells[1].Outputs[0].Type != ErrorOutput || nb.Cells[2].ExecutionCount != nil {
		t.Errorf("stuck cell not recorded as error or next cell ran")
	}
}

func TestRunEnginePanicIsCellError(t *testing.T) {
	nb := codeNotebook("boom")
	rep := mustRun(t, nb, Options{})
	if rep.Err() == nil || nb.Cells[1].Outputs[0].EName != "panic" {
		t.Errorf("panic not reported as a cell error: %v", nb.Cells[1].Outputs)
	}
}

func TestRunLateOutputDoesNotLeak(t *testing.T) {
	eng := &fakeEngine{}
	nb := codeNotebook("late ghost", "out next")
	if _, err := Run(context.Background(), nb, eng, Options{}); err != nil {
		t.Fatal(err)
	}
	<-eng.late
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			if strings.Contains(o.Text, "ghost") {
				t.Errorf("cell %d got output written after its cell finished", i)
			}
		}
	}
}

func TestRunCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, codeNotebook("out x"), &fakeEngine{}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
