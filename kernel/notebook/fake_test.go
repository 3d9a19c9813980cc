package notebook

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/specstress/specstress/kernel/engine"
)

// fakeEngine interprets a tiny line language so runner tests can script
// exactly what a cell does:
//
//	out TEXT / err TEXT      stream TEXT (\n and \r escapes) to stdout / stderr
//	show ID TEXT             display_data text/plain TEXT with display id ID ("-" for none)
//	update ID TEXT           update_display_data
//	clear / clearwait        clear_output(wait=false/true)
//	result TEXT              execute_result text/plain TEXT
//	png                      execute_result with image/png and text/plain
//	fail NAME VALUE          error result
//	block                    wait for the context (an infinite loop)
//	hang                     ignore the context for a long time
//	boom                     panic inside Execute
//	late TEXT                a goroutine streams TEXT after Execute returned
type fakeEngine struct {
	mu    sync.Mutex
	codes []string      // every executed source, in order
	late  chan struct{} // closed when the late goroutine has written
}

func (f *fakeEngine) Info() engine.LanguageInfo {
	return engine.LanguageInfo{Name: "go", Version: "1.26", MimeType: "text/x-go", FileExtension: ".go"}
}

func unescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(s)
}

func (f *fakeEngine) Execute(ctx context.Context, code string, out engine.Output) engine.Result {
	f.mu.Lock()
	f.codes = append(f.codes, code)
	f.mu.Unlock()
	var res engine.Result
	for _, line := range strings.Split(code, "\n") {
		op, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch op {
		case "out", "err":
			name := map[string]string{"out": "stdout", "err": "stderr"}[op]
			out.Stream(name, unescape(arg))
		case "show", "update":
			id, text, _ := strings.Cut(arg, " ")
			if id == "-" {
				id = ""
			}
			out.Display(engine.Bundle{"text/plain": text}, nil, id, op == "update")
		case "clear", "clearwait":
			out.Clear(op == "clearwait")
		case "result":
			res.Data = engine.Bundle{"text/plain": arg}
		case "png":
			res.Data = engine.Bundle{"text/plain": "<plot>", "image/png": "iVBORw0KGgo="}
		case "fail":
			name, value, _ := strings.Cut(arg, " ")
			return engine.Result{Error: &engine.Error{Name: name, Value: value, Traceback: []string{name + ": " + value, "at cell line 1"}}}
		case "block":
			<-ctx.Done()
			return engine.Result{Error: &engine.Error{Name: "interrupt", Value: "interrupted"}}
		case "hang":
			time.Sleep(time.Hour)
		case "boom":
			panic("engine bug")
		case "late":
			f.late = make(chan struct{})
			go func() {
				time.Sleep(20 * time.Millisecond)
				out.Stream("stdout", arg)
				close(f.late)
			}()
		}
	}
	return res
}

func (f *fakeEngine) Complete(code string, cursor int) engine.Completion {
	return engine.Completion{CursorStart: cursor, CursorEnd: cursor}
}

func (f *fakeEngine) Inspect(code string, cursor, detail int) engine.Inspection {
	return engine.Inspection{}
}

func (f *fakeEngine) IsComplete(code string) (string, string) { return "complete", "" }

func (f *fakeEngine) Close() error { return nil }
