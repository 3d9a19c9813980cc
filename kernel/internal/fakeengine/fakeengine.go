// Package fakeengine is a tiny line-oriented engine.Engine for testing the
// protocol server without a real language. Each line of a cell is a command:
//
//	print TEXT        TEXT and a newline on stdout
//	eprint TEXT       the same on stderr
//	display MIME TEXT a display_data with TEXT under MIME
//	update ID TEXT    display (first time) or update text/plain under ID
//	clear             clear_output
//	sleep MS          wait MS milliseconds (interruptible)
//	loop              run until interrupted
//	fail TEXT         end the cell with an error
//	panic TEXT        panic inside Execute
//	input PROMPT      ask the front-end for a line, print "got: LINE"
//	spam N            print N bytes ('x', newline every 80) in 4 KiB writes
//	later MS TEXT     print TEXT from a goroutine MS ms after the cell ends
//	value TEXT        make TEXT the cell's result (text/plain)
//	pid               make the process id the cell's result
//	alloc BYTES       allocate BYTES and touch every page
//	hang MS           run MS milliseconds, deaf to interrupts
//	crash KIND        end the process with a real Go fatal error (crash.go)
//	crashlater MS KIND the same from a goroutine, MS ms after the cell ends
//
// Completion proposes command names; inspection documents them; a line
// ending in a backslash is incomplete and an unknown command invalid.
package fakeengine

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/specstress/specstress/kernel/engine"
)

// Engine is the fake engine. The zero value is ready to use.
type Engine struct {
	// Closed counts Close calls (tests of restart look at it).
	Closed atomic.Int32
	// Executed counts Execute calls.
	Executed atomic.Int32
}

var docs = map[string]string{
	"print": "print TEXT: TEXT on stdout", "eprint": "eprint TEXT: TEXT on stderr",
	"display": "display MIME TEXT: rich output", "update": "update ID TEXT: updatable display",
	"clear": "clear: clear the output", "sleep": "sleep MS: wait", "loop": "loop: run until interrupted",
	"fail": "fail TEXT: an error", "panic": "panic TEXT: a panic", "input": "input PROMPT: read a line",
	"spam": "spam N: N bytes of output", "later": "later MS TEXT: late output", "value": "value TEXT: a result",
}

// Info implements engine.Engine.
func (e *Engine) Info() engine.LanguageInfo {
	return engine.LanguageInfo{Name: "fake", Version: "1.0", MimeType: "text/plain", FileExtension: ".fake",
		PygmentsLexer: "text", CodeMirrorMode: "text", Banner: "fake engine", Implementation: "fakeengine", ImplVersion: "1.0"}
}

// Execute implements engine.Engine.
func (e *Engine) Execute(ctx context.Context, code string, out engine.Output) engine.Result {
	e.Executed.Add(1)
	var res engine.Result
	for i, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch cmd {
		case "":
		case "print":
			out.Stream("stdout", arg+"\n")
		case "eprint":
			out.Stream("stderr", arg+"\n")
		case "display":
			mime, text, _ := strings.Cut(arg, " ")
			out.Display(engine.Bundle{mime: text, "text/plain": text}, nil, "", false)
		case "update":
			id, text, _ := strings.Cut(arg, " ")
			out.Display(engine.Bundle{"text/plain": text}, nil, id, text != "first")
		case "clear":
			out.Clear(false)
		case "sleep", "loop":
			d := time.Hour
			if cmd == "sleep" {
				ms, _ := strconv.Atoi(arg)
				d = time.Duration(ms) * time.Millisecond
			}
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return errResult("Interrupted", "interrupted at line "+strconv.Itoa(i+1))
			}
		case "fail":
			return errResult("Failure", arg)
		case "panic":
			panic(errors.New(arg))
		case "input":
			ir, ok := out.(engine.InputReader)
			if !ok {
				return errResult("NoInput", "output has no InputReader")
			}
			s, err := ir.Input(ctx, arg, false)
			if err != nil {
				return errResult("InputError", err.Error())
			}
			out.Stream("stdout", "got: "+s+"\n")
		case "spam":
			n, _ := strconv.Atoi(arg)
			line := strings.Repeat("x", 79) + "\n"
			chunk := strings.Repeat(line, 4096/80)
			for n > 0 {
				c := chunk
				if n < len(c) {
					c = c[:n]
				}
				out.Stream("stdout", c)
				n -= len(c)
			}
		case "later":
			ms, text, _ := strings.Cut(arg, " ")
			d, _ := strconv.Atoi(ms)
			go func() {
				time.Sleep(time.Duration(d) * time.Millisecond)
				out.Stream("stdout", text+"\n")
			}()
		case "value":
			res.Data = engine.Bundle{"text/plain": arg}
		case "pid":
			res.Data = engine.Bundle{"text/plain": strconv.Itoa(os.Getpid())}
		case "alloc":
			n, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				return errResult("BadArgument", "alloc "+arg)
			}
			out.Stream("stdout", "allocated "+strconv.Itoa(touch(n))+" bytes\n")
		case "hang":
			ms, _ := strconv.Atoi(arg)
			time.Sleep(time.Duration(ms) * time.Millisecond)
		case "crash":
			Crash(arg)
		case "crashlater":
			ms, kind, _ := strings.Cut(arg, " ")
			d, _ := strconv.Atoi(ms)
			go func() {
				time.Sleep(time.Duration(d) * time.Millisecond)
				Crash(kind)
			}()
		default:
			return errResult("UnknownCommand", "line "+strconv.Itoa(i+1)+": unknown command "+strconv.Quote(cmd))
		}
	}
	return res
}

func errResult(name, value string) engine.Result {
	return engine.Result{Error: &engine.Error{Name: name, Value: value, Traceback: []string{name + ": " + value}}}
}

// word returns the command-name characters around a rune cursor.
func word(code string, cursor int) (start, end int, w string) {
	r := []rune(code)
	if cursor > len(r) {
		cursor = len(r)
	}
	isW := func(c rune) bool { return c >= 'a' && c <= 'z' }
	start, end = cursor, cursor
	for start > 0 && isW(r[start-1]) {
		start--
	}
	for end < len(r) && isW(r[end]) {
		end++
	}
	return start, end, string(r[start:end])
}

// Complete implements engine.Engine.
func (e *Engine) Complete(code string, cursor int) engine.Completion {
	start, _, _ := word(code, cursor)
	prefix := string([]rune(code)[start:cursor])
	c := engine.Completion{CursorStart: start, CursorEnd: cursor, Matches: []string{}}
	for name := range docs {
		if strings.HasPrefix(name, prefix) {
			c.Matches = append(c.Matches, name)
		}
	}
	return c
}

// Inspect implements engine.Engine.
func (e *Engine) Inspect(code string, cursor int, detail int) engine.Inspection {
	if cursor > utf8.RuneCountInString(code) {
		return engine.Inspection{}
	}
	_, _, w := word(code, cursor)
	d, ok := docs[w]
	if !ok {
		return engine.Inspection{}
	}
	return engine.Inspection{Found: true, Data: engine.Bundle{"text/plain": d}}
}

// IsComplete implements engine.Engine.
func (e *Engine) IsComplete(code string) (status, indent string) {
	if strings.HasSuffix(strings.TrimRight(code, " "), "\\") {
		return "incomplete", "  "
	}
	for _, line := range strings.Split(code, "\n") {
		cmd, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if _, ok := docs[cmd]; !ok && cmd != "" {
			return "invalid", ""
		}
	}
	return "complete", ""
}

// Close implements engine.Engine.
func (e *Engine) Close() error {
	e.Closed.Add(1)
	return nil
}
