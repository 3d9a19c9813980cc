// Package repl is the Go engine of the specstress kernel: a yaegi session that
// runs notebook cells and scripts, with completion, inspection and
// is_complete. *Engine implements engine.Engine.
//
// A cell may mix imports, declarations and statements in any order. yaegi
// picks file or statement mode from a source's first token, so the engine
// splits a cell into runs of one kind (split.go) and feeds them in order,
// each behind a line directive so errors carry cell positions (errors.go).
// yaegi v0.16.1 keeps the first definition of a type or method and binds
// callers to the func they were compiled against; the engine detects a
// changed definition and replays the session's declarations into a fresh
// interpreter, carrying variables over (replay.go).
package repl

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/kernel/repl/typecheck"
	"github.com/specstress/specstress/stdlib"
)

// Version is the engine's version in kernel_info.
const Version = "0.1.0"

// Options configures an Engine.
type Options struct {
	// Args is os.Args as cell code sees it (default: a single "specstress").
	Args []string
	// Env is the environment cell code sees through os.Getenv and friends
	// (the interpreter runs restricted, so it cannot change the real one).
	// Nil means the process environment.
	Env []string
	// Stdin is what cell code reads from os.Stdin and fmt.Scan (default: empty).
	Stdin io.Reader
	// Preload imports the preloaded packages before the first cell.
	Preload bool
	// PreloadOnly, when set, limits Preload to the preloads whose names it
	// accepts: a script runner passes the identifiers its script mentions,
	// so that it pays only for the packages the script can reach.
	PreloadOnly func(name string) bool
	// Stray receives output written when no cell is running and no cell owns
	// the writer, such as a timer firing between cells (default os.Stderr).
	Stray io.Writer
}

// Engine is a Go session on yaegi. It implements engine.Engine.
type Engine struct {
	opts   Options
	router *router
	helper *helper
	tables usedTables // which tables each interpreter has been given
	stdio  *stdio

	// exec serialises Execute; Complete and Inspect never wait for it.
	exec sync.Mutex
	seq  int // run number of the last Execute, under exec

	// mu guards the session state read by Complete and Inspect.
	mu      sync.RWMutex
	it      *interp.Interpreter
	imports map[string]string // import name -> path, preloads included
	decls   *declLog
	globals map[string]bool // variables and constants seen, by name
	tainted map[string]bool // names whose last definition failed to compile
	closed  bool
	types   atomic.Pointer[typecheck.Session] // go/types view of the session

	resultMu sync.Mutex
	tinfo    *typeInfo // the session's types for the helper, under resultMu
	result   engine.Bundle
	deferred []func() // the running cell's top-level defers, under resultMu
}

// addDeferred queues a top-level deferred call of the running cell.
func (e *Engine) addDeferred(f func()) {
	e.resultMu.Lock()
	e.deferred = append(e.deferred, f)
	e.resultMu.Unlock()
}

// runDeferred runs the cell's top-level deferred calls, last first, as a
// function's defers run at its end. It returns the value of a panic in one
// of them, nil if none panicked.
func (e *Engine) runDeferred() (panicked any) {
	e.resultMu.Lock()
	ds := e.deferred
	e.deferred = nil
	e.resultMu.Unlock()
	for i := len(ds) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if r := recover(); r != nil && panicked == nil {
					panicked = r
				}
			}()
			ds[i]()
		}()
	}
	return panicked
}

var _ engine.Engine = (*Engine)(nil)

// New creates an engine and, with opts.Preload, imports the preloads.
func New(opts Options) (*Engine, error) {
	if opts.Args == nil {
		opts.Args = []string{"specstress"}
	}
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	if opts.Stdin == nil {
		opts.Stdin = strings.NewReader("")
	}
	if opts.Stray == nil {
		opts.Stray = os.Stderr
	}
	e := &Engine{
		opts:    opts,
		router:  newRouter(opts.Stray),
		imports: map[string]string{},
		decls:   newDeclLog(),
		globals: map[string]bool{},
		tainted: map[string]bool{},
	}
	e.helper = &helper{e: e}
	sio, err := newStdio(e.router)
	if err != nil {
		return nil, err
	}
	e.stdio = sio
	it, err := e.newInterpreter()
	if err != nil {
		return nil, err
	}
	e.it = it
	if opts.Preload {
		var specs []importSpec
		for _, p := range e.preloads() {
			specs = append(specs, importSpec{name: p.name, path: p.path})
		}
		if err := e.importAll(it, specs); err != nil {
			return nil, fmt.Errorf("repl: preload: %w", err)
		}
		for _, s := range specs {
			e.imports[s.name] = s.path
		}
	}
	return e, nil
}

// newInterpreter returns an interpreter with the symbol tables and the helper
// package imported.
func (e *Engine) newInterpreter() (*interp.Interpreter, error) {
	it := interp.New(interp.Options{
		Stdin:  e.opts.Stdin,
		Stdout: streamWriter{e.router, "stdout"},
		Stderr: streamWriter{e.router, "stderr"},
		Args:   e.opts.Args,
		Env:    e.opts.Env,
	})
	e.tables.forget(e.it)
	if err := e.usePackages(it, baseTables(), stdlib.MapTypesExport()); err != nil {
		return nil, fmt.Errorf("repl: load symbols: %w", err)
	}
	if err := e.stdio.install(it); err != nil {
		return nil, fmt.Errorf("repl: install stdio: %w", err)
	}
	if err := it.Use(e.helper.exports()); err != nil {
		return nil, fmt.Errorf("repl: load helper: %w", err)
	}
	if _, err := it.Eval(fmt.Sprintf("import %s %q", helperPkg, helperPath)); err != nil {
		return nil, fmt.Errorf("repl: import helper: %w", err)
	}
	return it, nil
}

// Info describes Go for kernel_info_reply.
func (e *Engine) Info() engine.LanguageInfo {
	return engine.LanguageInfo{
		Name:           "go",
		Version:        strings.TrimPrefix(runtime.Version(), "go"),
		MimeType:       "text/x-go",
		FileExtension:  ".go",
		PygmentsLexer:  "go",
		CodeMirrorMode: "go",
		Banner:         "specstress: Go " + strings.TrimPrefix(runtime.Version(), "go") + " on yaegi, with the specstress analysis stack preloaded",
		Implementation: "specstress",
		ImplVersion:    Version,
		HelpLinks: []engine.HelpLink{
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "gonum/plot", URL: "https://pkg.go.dev/gonum.org/v1/plot"},
			{Text: "gota", URL: "https://pkg.go.dev/github.com/go-gota/gota"},
		},
	}
}

// Close releases the engine. Goroutines started by cells are not stopped (Go
// cannot kill them); their output goes to the Stray writer.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.closed = true
		e.stdio.close()
	}
	return nil
}

// setResult stores the value of the running cell's trailing expression.
func (e *Engine) setResult(b engine.Bundle) {
	e.resultMu.Lock()
	e.result = b
	e.resultMu.Unlock()
}

func (e *Engine) takeResult() engine.Bundle {
	e.resultMu.Lock()
	defer e.resultMu.Unlock()
	b := e.result
	e.result = nil
	return b
}

// Execute runs a cell. It never panics: an internal failure becomes an error
// result.
func (e *Engine) Execute(ctx context.Context, code string, out engine.Output) (res engine.Result) {
	e.exec.Lock()
	defer e.exec.Unlock()
	e.seq++
	seq := e.seq
	e.mu.RLock()
	closed := e.closed
	e.mu.RUnlock()
	if closed {
		return engine.Result{Error: &engine.Error{Name: "EngineClosed", Value: "the engine is closed",
			Traceback: []string{"EngineClosed: the engine is closed"}}}
	}
	e.router.begin(seq, out)
	interrupted := false
	defer func() { e.router.end(seq, interrupted) }()
	defer e.stdio.flush()
	restore := display.SetSink(sink{e.router})
	defer restore()
	defer func() {
		if r := recover(); r != nil {
			res = engine.Result{Error: &engine.Error{Name: "InternalError", Value: fmt.Sprint(r),
				Traceback: []string{fmt.Sprintf("InternalError: %v (the engine recovered; the session may be inconsistent)", r)}}}
		}
	}()
	e.takeResult()
	err := e.runCell(ctx, seq, code)
	if p := e.runDeferred(); p != nil && err == nil {
		err = interp.Panic{Value: p}
	}
	if err != nil {
		interrupted = ctx.Err() != nil
		return engine.Result{Error: cellError(err, seq, code, e.router.cellPanics(seq), e)}
	}
	return engine.Result{Data: e.takeResult()}
}

// runCell feeds the chunks of a cell to the interpreter in order.
func (e *Engine) runCell(ctx context.Context, seq int, code string) (err error) {
	ran, err := e.typeCheck(seq, code)
	if err != nil {
		return err
	}
	defer func() { ran(err) }()
	code = e.instantiate(code) // inferred type arguments written out
	plan := splitCell(code)
	if err := e.checkCell(seq, code, plan); err != nil {
		return err
	}
	for _, c := range plan.chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		switch c.kind {
		case chunkImport:
			err = e.runImport(ctx, seq, c)
		case chunkDecl:
			err = e.runDecls(ctx, seq, c)
		case chunkStmt:
			err = e.runStmts(ctx, seq, c.src, c.line, c.col)
		case chunkExpr:
			err = e.runExpr(ctx, seq, c)
		}
		if err != nil {
			return err
		}
	}
	if plan.hasMain {
		return e.runStmts(ctx, seq, mainName+"()", 1, 1)
	}
	return nil
}

// runStmts runs a statement run.
func (e *Engine) runStmts(ctx context.Context, seq int, text string, line, col int) error {
	return e.runStmtsDepth(ctx, seq, text, line, col, 0)
}

func (e *Engine) runStmtsDepth(ctx context.Context, seq int, text string, line, col, depth int) error {
	text = scopeStmts(loopVars(rewriteDefer(rewriteGo(hoistDeferredLits(e.rewriteCalls(text, false), false), false)), false))
	wrap := func(src string) string { return fmt.Sprintf("%s.Enter(%d); %s", helperPkg, seq, src) }
	prog, _, err := e.compile(e.interp(), []part{{text, seq, line, col}}, false, wrap)
	if err != nil {
		err = e.clarify(err, text, line)
		if handled, rerr := e.retryTopLevel(ctx, seq, text, line, col, err, depth); handled {
			return rerr
		}
		return err
	}
	err = e.execute(ctx, prog, seq)
	e.noteGlobals()
	return err
}

// runExpr runs the trailing expression statement of a cell as the argument
// of the helper's Show, so its value becomes the result. A void call does not
// compile as an argument; it then runs as a plain statement (compiling first
// means it never runs twice). Printers run as plain statements.
func (e *Engine) runExpr(ctx context.Context, seq int, c chunk) error {
	e.mu.RLock()
	printer := printerCall(c.src, e.imports)
	e.mu.RUnlock()
	if !printer {
		text := rewriteGo(e.rewriteCalls(c.src, false), false)
		wrap := func(src string) string {
			return fmt.Sprintf("%s.Enter(%d); %s.Show(%s)", helperPkg, seq, helperPkg, src)
		}
		if prog, _, err := e.compile(e.interp(), []part{{text, seq, c.line, c.col}}, false, wrap); err == nil {
			return e.execute(ctx, prog, seq)
		}
	}
	return e.runStmts(ctx, seq, c.src, c.line, c.col)
}

// interp returns the current interpreter.
func (e *Engine) interp() *interp.Interpreter {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.it
}

// execute runs a compiled program of run seq; cancelling ctx stops it.
// yaegi returns at once on cancellation while the program's goroutine winds
// down, so execute then waits, up to interruptGrace, for the goroutines that
// ran the run's statements (registered by helper Enter) to end: the next
// cell must not run alongside the interrupted one. A compiled call that
// ignores cancellation (a long time.Sleep) keeps running past the grace
// period. (A deferred helper call cannot signal the end instead: yaegi keeps
// deferred calls of top-level statements on the global frame and reruns
// them all after every later cell.)
func (e *Engine) execute(ctx context.Context, prog *interp.Program, seq int) error {
	_, err := e.interp().ExecuteWithContext(ctx, prog)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if ctx.Err() != nil && seq > 0 {
		deadline := time.Now().Add(interruptGrace)
		for time.Now().Before(deadline) && anyAlive(e.router.entered(seq)) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return err
}

// interruptGrace bounds the wait for an interrupted program to stop.
const interruptGrace = 900 * time.Millisecond

// noteGlobals records the names of variables defined by statements, for
// completion.
func (e *Engine) noteGlobals() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for name := range e.it.Globals() {
		if !strings.HasPrefix(name, "__") {
			e.globals[name] = true
		}
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sink routes displays of interpreted code to the Output of the cell that
// made them, like the stream writers.
type sink struct{ r *router }

func (s sink) Display(b engine.Bundle, meta map[string]any, id string, update bool) {
	if out := s.r.output(s.r.owner()); out != nil {
		out.Display(b, meta, id, update)
	}
}

func (s sink) Clear(wait bool) {
	if out := s.r.output(s.r.owner()); out != nil {
		out.Clear(wait)
	}
}
