package repl

import (
	"fmt"
)

// limitError refuses a cell, before any of it runs, for a defect of the
// interpreter that would otherwise give a wrong answer silently. The
// message names the limitation and a way around it.
type limitError struct {
	seq, line, col int
	msg            string
}

func (e limitError) Error() string {
	return fmt.Sprintf("%s: interpreter limitation: %s", directiveText(e.seq, e.line, e.col), e.msg)
}

// checkLimits runs the syntactic checks of a cell's source against the
// interpreter's known defects. text starts at line:col of run seq.
func checkLimits(text string, decl bool, seq, line, col int) error {
	if err := checkDeferredLits(text, decl); err != nil {
		if d, ok := err.(deferLitError); ok {
			return limitError{seq: seq, line: line + d.line - 1, col: 1, msg: d.msg()}
		}
		return err
	}
	return nil
}
