package kernel

import "testing"

func TestResolveCursor(t *testing.T) {
	cases := []struct {
		code      string
		pos       int
		want      int
		wantUTF16 bool
	}{
		{"fmt.Pri", 7, 7, false},              // ASCII: units agree
		{"é := 1; fm", 10, 10, false},         // BMP only: still agree
		{`s := "🔥"; fm`, 13, 12, true},        // past the end in runes: UTF-16
		{`s := "🔥"; fm`, 12, 12, false},       // code points, at the end of "fm"
		{`s := "🔥"; fmt.Pr x`, 17, 16, true},  // only the UTF-16 reading ends a word
		{`s := "🔥"; fmt.Pr x`, 16, 16, false}, // code points ending the word
		{"x", -3, 0, false},
	}
	for _, c := range cases {
		got, u := resolveCursor(c.code, c.pos)
		if got != c.want || u.utf16 != c.wantUTF16 {
			t.Errorf("resolveCursor(%q, %d) = %d (utf16 %v), want %d (utf16 %v)", c.code, c.pos, got, u.utf16, c.want, c.wantUTF16)
		}
		if u.back(got) != min(max(c.pos, 0), utf16Len(c.code)) && got == c.want && c.pos >= 0 {
			t.Errorf("back(%d) = %d, want the client's %d", got, u.back(got), c.pos)
		}
	}
}
