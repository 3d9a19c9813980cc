package notebook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// Options control an execution.
type Options struct {
	// ContinueOnError runs the remaining cells after a cell fails; by
	// default execution stops at the first error, as nbclient does.
	ContinueOnError bool
	// Timeout bounds each cell; 0 means no limit. A cell that runs out of
	// time is interrupted (its context cancelled) and counts as an error.
	Timeout time.Duration
	// Grace is how long to wait for the engine to return after an
	// interrupt before giving up on it; 0 means 10 seconds.
	Grace time.Duration
	// OnCell, if set, is called after each executed code cell.
	OnCell func(index int, c *Cell, elapsed time.Duration)
}

// CellError reports a failed cell.
type CellError struct {
	Index   int           // cell index in the notebook, from 0
	Count   int           // execution count of the cell
	Err     *engine.Error // ename, evalue, traceback
	Timeout bool          // the cell ran out of time
}

func (e *CellError) Error() string {
	what := "failed"
	if e.Timeout {
		what = "timed out"
	}
	msg := fmt.Sprintf("cell %d [%d] %s: %s", e.Index, e.Count, what, e.Err.Name)
	if e.Err.Value != "" {
		msg += ": " + e.Err.Value
	}
	return msg
}

// Report summarises an execution.
type Report struct {
	Executed int           // code cells run
	Errors   []*CellError  // failed cells, in order
	Elapsed  time.Duration // wall time of the whole run
	Cells    []CellTiming  // one per executed cell
}

// CellTiming is the wall time of one executed cell.
type CellTiming struct {
	Index   int
	Elapsed time.Duration
}

// Err returns the first cell error, or nil.
func (r *Report) Err() error {
	if r == nil || len(r.Errors) == 0 {
		return nil
	}
	return r.Errors[0]
}

// ErrEngineStuck is returned when the engine did not return from an
// interrupted cell within the grace period: it can no longer be used.
var ErrEngineStuck = errors.New("engine did not return after interrupt")

// Run executes the notebook's code cells in order through eng, replacing
// their outputs and execution counts, as `jupyter nbconvert --execute` does.
// Empty code cells are skipped (their count is cleared). Cells after a
// failing one keep no outputs and a null count unless ContinueOnError is set.
// The returned error is non-nil only when the run itself could not go on
// (ctx cancelled, engine stuck); failed cells are in the Report.
func Run(ctx context.Context, nb *Notebook, eng engine.Engine, opts Options) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	defer func() { rep.Elapsed = time.Since(start) }()

	info := eng.Info()
	li := map[string]any{"name": info.Name}
	if info.Version != "" {
		li["version"] = info.Version
	}
	if info.MimeType != "" {
		li["mimetype"] = info.MimeType
	}
	if info.FileExtension != "" {
		li["file_extension"] = info.FileExtension
	}
	if info.PygmentsLexer != "" {
		li["pygments_lexer"] = info.PygmentsLexer
	}
	if info.CodeMirrorMode != "" {
		li["codemirror_mode"] = info.CodeMirrorMode
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["language_info"] = li

	// Outputs from a previous run go first, like nbclient's reset.
	for _, c := range nb.Cells {
		if c.Type == CodeCell {
			c.Outputs = nil
			c.ExecutionCount = nil
		}
	}
	displays := map[string][]displayRef{}
	count := 0
	for i, c := range nb.Cells {
		if c.Type != CodeCell || strings.TrimSpace(c.Source) == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("cell %d: %w", i, err)
		}
		count++
		n := count
		c.ExecutionCount = &n
		col := &collector{nb: nb, cell: i, displays: displays}
		t0 := time.Now()
		res, timedOut, err := execute(ctx, eng, c.Source, col, opts)
		col.seal()
		elapsed := time.Since(t0)
		rep.Executed++
		rep.Cells = append(rep.Cells, CellTiming{i, elapsed})
		if err != nil {
			e := &engine.Error{Name: "EngineError", Value: err.Error(), Traceback: []string{err.Error()}}
			col.result(engine.Result{Error: e}, n)
			rep.Errors = append(rep.Errors, &CellError{Index: i, Count: n, Err: e, Timeout: timedOut})
			return rep, fmt.Errorf("cell %d: %w", i, err)
		}
		col.result(res, n)
		if opts.OnCell != nil {
			opts.OnCell(i, c, elapsed)
		}
		if res.Error != nil {
			rep.Errors = append(rep.Errors, &CellError{Index: i, Count: n, Err: res.Error, Timeout: timedOut})
			if !opts.ContinueOnError {
				break
			}
		}
	}
	return rep, nil
}

// execute runs one cell under the per-cell timeout. A cell that outlives its
// deadline gets an error result naming the timeout even if the engine
// reports success or a generic interrupt.
func execute(ctx context.Context, eng engine.Engine, code string, out engine.Output, opts Options) (engine.Result, bool, error) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if opts.Timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, opts.Timeout)
	}
	defer cancel()
	done := make(chan engine.Result, 1)
	go func() {
		done <- safeExecute(cctx, eng, code, out)
	}()
	var res engine.Result
	select {
	case res = <-done:
	case <-cctx.Done():
		grace := opts.Grace
		if grace <= 0 {
			grace = 10 * time.Second
		}
		select {
		case res = <-done:
		case <-time.After(grace):
			return engine.Result{}, ctx.Err() == nil, fmt.Errorf("%w within %v", ErrEngineStuck, grace)
		}
	}
	timedOut := ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded)
	if timedOut {
		msg := fmt.Sprintf("cell execution timed out after %v", opts.Timeout)
		tb := []string{msg}
		if res.Error != nil {
			tb = append(tb, res.Error.Traceback...)
		}
		res = engine.Result{Error: &engine.Error{Name: "CellTimeoutError", Value: msg, Traceback: tb}}
	}
	return res, timedOut, nil
}

// safeExecute turns a panic escaping the engine into an error result, so a
// faulty engine fails a cell rather than the whole process.
func safeExecute(ctx context.Context, eng engine.Engine, code string, out engine.Output) (res engine.Result) {
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			res = engine.Result{Error: &engine.Error{Name: "panic", Value: msg, Traceback: []string{"panic: " + msg}}}
		}
	}()
	return eng.Execute(ctx, code, out)
}
