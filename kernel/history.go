package kernel

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// history remembers the cells run with store_history, for history_request.
// It lives in memory: a session is one engine's lifetime (a restart starts
// the next session), as IPython numbers them.
type history struct {
	mu      sync.Mutex
	session int
	entries []histEntry
}

type histEntry struct {
	session, line int
	input         string
	output        any // text/plain of the result, or nil
}

func newHistory() *history { return &history{session: 1} }

// Caps on what one history entry keeps: the history lives as long as the
// kernel, and a huge cell or result should not stay in memory with it.
const (
	maxHistoryInput  = 1 << 20
	maxHistoryOutput = 64 << 10
)

func (h *history) add(line int, input string, output any) {
	input = clip(input, maxHistoryInput)
	if s, ok := output.(string); ok {
		output = clip(s, maxHistoryOutput)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, histEntry{h.session, line, input, output})
}

// clip shortens s to at most max bytes on a rune boundary, marking the cut;
// the copy lets the original (a whole cell) be freed.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.Clone(s[:cut]) + "\n… [truncated in history]"
}

func (h *history) newSession() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.session++
}

// historyQuery is the content of a history_request.
type historyQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// query selects entries as IPython's history manager does: "range" is
// lines start <= line < stop of one session (0 = current, negative =
// relative to it), "tail" the last n, "search" the last n whose input
// matches a glob pattern (unique keeps the latest of equal inputs).
func (h *history) query(q historyQuery) []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var sel []histEntry
	switch q.HistAccessType {
	case "range":
		session := q.Session
		if session <= 0 {
			session += h.session
		}
		for _, e := range h.entries {
			if e.session == session && e.line >= q.Start && (q.Stop == nil || *q.Stop <= 0 || e.line < *q.Stop) {
				sel = append(sel, e)
			}
		}
	case "tail":
		sel = lastN(h.entries, q.N, 10)
	case "search":
		pat := q.Pattern
		if pat == "" {
			pat = "*"
		}
		re := globRegexp(pat)
		var matched []histEntry
		for _, e := range h.entries {
			if re.MatchString(e.input) {
				matched = append(matched, e)
			}
		}
		if q.Unique {
			last := map[string]int{}
			for i, e := range matched {
				last[e.input] = i
			}
			var uniq []histEntry
			for i, e := range matched {
				if last[e.input] == i {
					uniq = append(uniq, e)
				}
			}
			matched = uniq
		}
		sel = lastN(matched, q.N, 0)
	}
	out := make([]any, 0, len(sel))
	for _, e := range sel {
		if q.Output {
			out = append(out, []any{e.session, e.line, []any{e.input, e.output}})
		} else {
			out = append(out, []any{e.session, e.line, e.input})
		}
	}
	return out
}

// lastN returns the last *n entries, or the last def when n is missing
// (def 0: all of them).
func lastN(es []histEntry, n *int, def int) []histEntry {
	k := def
	if n != nil {
		k = *n
	}
	if k <= 0 || k >= len(es) {
		if k <= 0 && n != nil {
			return nil
		}
		return es
	}
	return es[len(es)-k:]
}

// globRegexp turns a glob (*, ?, [...]) into an anchored regexp; like
// SQLite's GLOB, which IPython uses, '*' also matches newlines.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			if j := strings.IndexByte(glob[i+1:], ']'); j > 0 {
				class := glob[i+1 : i+1+j]
				if class[0] == '^' {
					class = "^" + regexp.QuoteMeta(class[1:])
				} else {
					class = regexp.QuoteMeta(class)
				}
				b.WriteString("[" + class + "]")
				i += j + 1
				continue
			}
			b.WriteString(`\[`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil { // a malformed class: match it literally
		re = regexp.MustCompile(`^` + regexp.QuoteMeta(glob) + `$`)
	}
	return re
}

func (s *Server) historyRequest(sk *socket, m *Message) {
	var q historyQuery
	if err := json.Unmarshal(m.Content, &q); err != nil {
		s.reply(sk, m, errorContent("BadMessage", "history_request content: "+err.Error()))
		return
	}
	s.reply(sk, m, map[string]any{"status": "ok", "history": s.history.query(q)})
}
