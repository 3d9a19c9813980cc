package kernel

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The protocol counts cursor positions in Unicode code points (5.2+), but
// some front-ends (JupyterLab 3.5+, jupyterlab#13961) send JavaScript
// string offsets, in UTF-16 code units. The two differ only after an
// astral-plane character (an emoji, say). cursorUnits works out which one
// a request used, so that the engine always gets a code-point offset and
// the reply speaks the client's unit back.
type cursorUnits struct {
	code  string
	utf16 bool // the client counted UTF-16 code units
}

// resolveCursor turns a requested cursor into a rune offset into code.
func resolveCursor(code string, pos int) (int, cursorUnits) {
	u := cursorUnits{code: code}
	n := utf8.RuneCountInString(code)
	if pos < 0 {
		return 0, u
	}
	units := utf16Len(code)
	if units == n { // no astral characters: the units agree
		return min(pos, n), u
	}
	if pos > n { // past the end in code points: it can only be UTF-16
		u.utf16 = true
		return runeAtUTF16(code, min(pos, units)), u
	}
	r16 := runeAtUTF16(code, pos)
	if r16 != pos && wordEnd(code, r16) && !wordEnd(code, pos) {
		// Completion and inspection are asked at the end of a word: only
		// the UTF-16 reading puts the cursor there.
		u.utf16 = true
		return r16, u
	}
	return pos, u
}

// back converts a rune offset of a reply into the client's unit.
func (u cursorUnits) back(runeOff int) int {
	if !u.utf16 {
		return runeOff
	}
	k, i := 0, 0
	for _, r := range u.code {
		if i == runeOff {
			break
		}
		k += utf16.RuneLen(r)
		i++
	}
	return k
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// runeAtUTF16 returns the rune offset at UTF-16 offset pos (a position
// inside a surrogate pair counts as after the character).
func runeAtUTF16(s string, pos int) int {
	k, i := 0, 0
	for _, r := range s {
		if k >= pos {
			return i
		}
		k += max(utf16.RuneLen(r), 1)
		i++
	}
	return i
}

// wordEnd reports whether rune offset i ends an identifier-like word.
func wordEnd(s string, i int) bool {
	rs := []rune(s)
	if i <= 0 || i > len(rs) {
		return false
	}
	isWord := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	return isWord(rs[i-1]) && (i == len(rs) || !isWord(rs[i]))
}
