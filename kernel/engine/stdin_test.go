package engine

import (
	"bufio"
	"context"
	"errors"
	"io"
	"testing"
)

// lineEngine echoes what it reads from its stdin, line by line, n times.
type lineEngine struct {
	discardOutputEngine
	in io.Reader
}

type discardOutputEngine struct{}

func (discardOutputEngine) Info() LanguageInfo                             { return LanguageInfo{} }
func (discardOutputEngine) Complete(string, int) Completion                { return Completion{} }
func (discardOutputEngine) Inspect(string, int, int) Inspection            { return Inspection{} }
func (discardOutputEngine) IsComplete(string) (string, string)             { return "complete", "" }
func (discardOutputEngine) Close() error                                   { return nil }
func (discardOutputEngine) Execute(context.Context, string, Output) Result { return Result{} }

func (e *lineEngine) Execute(ctx context.Context, code string, out Output) Result {
	sc := bufio.NewScanner(e.in)
	for i := 0; i < len(code); i++ {
		if !sc.Scan() {
			out.Stream("stdout", "EOF\n")
			return Result{}
		}
		out.Stream("stdout", "got "+sc.Text()+"\n")
	}
	return Result{}
}

// answerOutput answers input requests from a list and records streams.
type answerOutput struct {
	discardOutput
	answers []string
	prompts int
	text    string
	noStdin bool
}

func (o *answerOutput) Stream(_, t string) { o.text += t }
func (o *answerOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if o.noStdin {
		return "", ErrNoStdin
	}
	if o.prompts >= len(o.answers) {
		return "", errors.New("no more answers")
	}
	o.prompts++
	return o.answers[o.prompts-1], nil
}

func TestWithInputRequestsServesStdinPerCell(t *testing.T) {
	e, err := WithInputRequests(func(stdin io.Reader) (Engine, error) { return &lineEngine{in: stdin}, nil })
	if err != nil {
		t.Fatal(err)
	}
	out := &answerOutput{answers: []string{"a", "b"}}
	e.Execute(context.Background(), "xx", out) // two lines
	if out.text != "got a\ngot b\n" || out.prompts != 2 {
		t.Errorf("cell saw %q after %d prompts", out.text, out.prompts)
	}
	// A front-end that does not take input: stdin reads as empty.
	out = &answerOutput{noStdin: true}
	e.Execute(context.Background(), "x", out)
	if out.text != "EOF\n" {
		t.Errorf("without stdin the cell saw %q", out.text)
	}
	// Between cells, reads see EOF.
	if n, err := e.(*stdinEngine).sw.Read(make([]byte, 4)); n != 0 || err != io.EOF {
		t.Errorf("between cells: %d, %v", n, err)
	}
}

// discardOutput drops everything.
type discardOutput struct{}

func (discardOutput) Stream(string, string)                        {}
func (discardOutput) Display(Bundle, map[string]any, string, bool) {}
func (discardOutput) Clear(bool)                                   {}
