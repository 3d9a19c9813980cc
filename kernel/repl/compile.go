package repl

import (
	"errors"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/repl/internal/yaegifix"
)

// part is a piece of source positioned in a cell.
type part struct {
	text      string
	seq       int
	line, col int
}

// joinParts returns the parts as one source, each behind its line directive.
func joinParts(parts []part, texts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(directive(p.seq, p.line, p.col))
		b.WriteString(texts[i])
	}
	return b.String()
}

// compile compiles parts (declarations when decl, else statements) in it,
// after wrap added helper calls around the joined source. yaegi v0.16.1
// crashes compiling range over an int: on such a failure the range
// statements that might be over ints are rewritten into three-clause loops,
// dropping the rewrites the compiler rejects (they ranged over something
// else), until the code compiles or no rewrite is left. It returns the texts
// that compiled, for the session's replay log.
func (e *Engine) compile(it *interp.Interpreter, parts []part, decl bool, wrap func(string) string) (*interp.Program, []string, error) {
	// Ranges certainly over an int are rewritten up front: the crash they
	// cause also logs a line on the process's standard error.
	texts := make([]string, len(parts))
	for i, p := range parts {
		var sure []yaegifix.Edit
		for _, ed := range yaegifix.RangeCandidates(p.text, decl) {
			if ed.Sure {
				sure = append(sure, ed)
			}
		}
		texts[i] = yaegifix.ApplyEdits(p.text, sure)
		parts[i].text = texts[i]
	}
	prog, err := e.compileSafe(it, wrap(joinParts(parts, texts)))
	if err == nil {
		return prog, texts, nil
	}
	var ie internalError
	if !errors.As(err, &ie) && !strings.Contains(err.Error(), "range") {
		return nil, nil, err
	}
	type cand struct {
		part int
		ed   yaegifix.Edit
	}
	var cands []cand
	for i, p := range parts {
		for _, ed := range yaegifix.RangeCandidates(p.text, decl) {
			cands = append(cands, cand{i, ed})
		}
	}
	for len(cands) > 0 {
		edits := make([][]yaegifix.Edit, len(parts))
		for _, c := range cands {
			edits[c.part] = append(edits[c.part], c.ed)
		}
		for i, p := range parts {
			texts[i] = yaegifix.ApplyEdits(p.text, edits[i])
		}
		p, err2 := e.compileSafe(it, wrap(joinParts(parts, texts)))
		if err2 == nil {
			return p, texts, nil
		}
		kept := cands[:0]
		for _, c := range cands {
			pt := parts[c.part]
			bad, _ := errorLine(err2.Error(), pt.seq)
			if yaegifix.LineOfOffset(pt.text, c.ed.Start)+pt.line-1 != bad {
				kept = append(kept, c)
			}
		}
		if len(kept) == len(cands) {
			break
		}
		cands = kept
	}
	return nil, nil, err
}

// compileSafe compiles src, turning a panic of the compiler into an error.
func (e *Engine) compileSafe(it *interp.Interpreter, src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, internalError{r}
		}
	}()
	e.mu.Lock()
	defer e.mu.Unlock()
	defer yaegifix.DropRoots(it)
	return it.Compile(src)
}
