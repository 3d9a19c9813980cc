package repl

import (
	"errors"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// pastEnd moves positions of run seq that lie after the cell's last line,
// where yaegi's parser reports a syntax error at a closing brace or EOF of
// the wrapper it added ("line 3:1: expected operand, found '}'" for a
// two-line cell), to the end of the cell's last line, and names that token
// as what it is to the user: the end of the cell.
func pastEnd(msg, src string, seq int) string {
	lines := strings.Split(strings.TrimRight(src, " \t\r\n"), "\n")
	last := len(lines)
	moved := false
	msg = cellPos().ReplaceAllStringFunc(msg, func(m string) string {
		s := cellPos().FindStringSubmatch(m)
		l, _ := strconv.Atoi(s[1])
		run, line, ok := decodeLine(l)
		if !ok || !sameRun(run, seq) || line <= last {
			return m
		}
		moved = true
		return directiveText(seq, last, len(strings.TrimRight(lines[last-1], "\r"))+1)
	})
	if moved {
		for _, tok := range []string{"found '}'", "found 'EOF'", "found newline"} {
			msg = strings.Replace(msg, tok, "found the end of the input", 1)
		}
	}
	return msg
}

// to yaegi in pieces, whose errors can name a token far from the mistake (a
// missing closing brace reads as "expected '(', found main").
func programSyntaxError(src string) (msg string, line, col int, ok bool) {
	if !splitCell(src).program {
		return "", 0, 0, false
	}
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return "", 0, 0, false
	}
	e := list[0]
	line, col = e.Pos.Line, e.Pos.Column
	text := e.Msg
	lines := strings.Split(strings.TrimRight(src, " \t\r\n"), "\n")
	if line > len(lines) || strings.Contains(text, "found 'EOF'") {
		line, col = len(lines), len(strings.TrimRight(lines[len(lines)-1], "\r"))+1
		for _, tok := range []string{"found '}'", "found 'EOF'", "found newline"} {
			text = strings.Replace(text, tok, "found the end of the input", 1)
		}
	}
	msg = fmt.Sprintf("line %d:%d: %s", line, col, text)
	if len(list) > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", len(list)-1)
	}
	return msg, line, col, true
}
