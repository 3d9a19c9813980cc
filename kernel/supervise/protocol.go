package supervise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/specstress/specstress/kernel/engine"
)

// The supervisor and its child talk over two pipes, one JSON object per
// line each way: requests from the parent, events from the child. JSON
// because everything that crosses is already bound for the Jupyter wire as
// JSON (mime bundles, metadata), so nothing is lost that the kernel would
// keep; numbers are decoded as json.Number so they keep their exact text.

// Request operations, parent to child.
const (
	opExecute    = "execute"     // run Code as execution ID
	opInterrupt  = "interrupt"   // cancel execution ID
	opInput      = "input"       // answer to input request Req of execution ID
	opComplete   = "complete"    // Code, Cursor
	opInspect    = "inspect"     // Code, Cursor, Detail
	opIsComplete = "is_complete" // Code
	opClose      = "close"       // close the engine and exit
)

// Event kinds, child to parent.
const (
	evHello      = "hello"       // the engine is ready; Info
	evStartError = "start_error" // the engine could not be made; Text
	evStream     = "stream"      // Name, Text of execution ID
	evDisplay    = "display"     // Data, Metadata, DisplayID, Update
	evClear      = "clear"       // Wait
	evInput      = "input"       // execution ID asks for a line: Req, Prompt, Password
	evResult     = "result"      // execution ID ended: Result
	evAnswer     = "answer"      // reply to a complete/inspect/is_complete request ID
)

// Input errors carried in request.Err.
const (
	inputNoStdin    = "nostdin"
	inputCancelled  = "cancelled"
	inputOtherError = "error"
)

// request is a message from the parent to the child.
type request struct {
	Op       string `json:"op"`
	ID       uint64 `json:"id"`
	Code     string `json:"code,omitempty"`
	Cursor   int    `json:"cursor,omitempty"`
	Detail   int    `json:"detail,omitempty"`
	Stdin    bool   `json:"stdin,omitempty"` // execute: the front-end takes input requests
	Req      uint64 `json:"req,omitempty"`   // input: which input request this answers
	Value    string `json:"value,omitempty"` // input: the line
	Err      string `json:"err,omitempty"`   // input: inputNoStdin, inputCancelled or inputOtherError
	ErrValue string `json:"err_value,omitempty"`
}

// event is a message from the child to the parent.
type event struct {
	Ev        string               `json:"ev"`
	ID        uint64               `json:"id,omitempty"`
	Name      string               `json:"name,omitempty"`
	Text      string               `json:"text,omitempty"`
	Data      engine.Bundle        `json:"data,omitempty"`
	Metadata  map[string]any       `json:"metadata,omitempty"`
	DisplayID string               `json:"display_id,omitempty"`
	Update    bool                 `json:"update,omitempty"`
	Wait      bool                 `json:"wait,omitempty"`
	Req       uint64               `json:"req,omitempty"`
	Prompt    string               `json:"prompt,omitempty"`
	Password  bool                 `json:"password,omitempty"`
	Result    *engine.Result       `json:"result,omitempty"`
	Info      *engine.LanguageInfo `json:"info,omitempty"`
	Complete  *engine.Completion   `json:"complete,omitempty"`
	Inspect   *engine.Inspection   `json:"inspect,omitempty"`
	Status    string               `json:"status,omitempty"`
	Indent    string               `json:"indent,omitempty"`
	Pid       int                  `json:"pid,omitempty"`
	Limit     int64                `json:"limit,omitempty"` // hello: the memory limit in force, bytes
}

// encoder writes one JSON value per line, whole lines only, from any
// goroutine.
type encoder struct {
	mu  sync.Mutex
	w   io.Writer
	buf bytes.Buffer
}

func newEncoder(w io.Writer) *encoder { return &encoder{w: w} }

// send writes v as one line. A value that cannot be encoded (a NaN in a
// bundle, say) is an error for the caller, not a broken stream.
func (e *encoder) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("supervise: encode %T: %w", v, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.buf.Reset()
	e.buf.Write(b)
	e.buf.WriteByte('\n')
	_, err = e.w.Write(e.buf.Bytes())
	return err
}

// newDecoder reads the values an encoder wrote.
func newDecoder(r io.Reader) *json.Decoder {
	d := json.NewDecoder(r)
	d.UseNumber()
	return d
}
