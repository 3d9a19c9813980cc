package notebook

import (
	"strings"
	"sync"

	"github.com/specstress/specstress/kernel/engine"
)

// displayRef locates an output that carries a display id.
type displayRef struct {
	cell, output int
}

// collector is the engine.Output of one running cell. It stores outputs the
// way Jupyter front ends and nbclient do: consecutive stream outputs of the
// same name merge, updates replace earlier outputs with the same display id
// (in any cell of the notebook), and clear_output empties the cell, at once
// or, with wait, when the next output arrives. After seal it drops writes,
// so a goroutine a cell left running cannot touch a finished cell.
type collector struct {
	mu       sync.Mutex
	nb       *Notebook
	cell     int
	displays map[string][]displayRef // shared by the whole run
	pending  bool                    // a clear_output(wait=True) is waiting
	sealed   bool
}

var _ engine.Output = (*collector)(nil)

func (c *collector) cellOutputs() *[]Output { return &c.nb.Cells[c.cell].Outputs }

// beforeOutput applies a pending clear; callers hold mu.
func (c *collector) beforeOutput() {
	if c.pending {
		c.pending = false
		c.clearNow()
	}
}

// clearNow empties the cell and forgets its display ids; callers hold mu.
func (c *collector) clearNow() {
	*c.cellOutputs() = nil
	for id, refs := range c.displays {
		kept := refs[:0]
		for _, r := range refs {
			if r.cell != c.cell {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			delete(c.displays, id)
		} else {
			c.displays[id] = kept
		}
	}
}

// Stream appends text to the cell's stream of that name.
func (c *collector) Stream(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sealed || text == "" {
		return
	}
	c.beforeOutput()
	outs := c.cellOutputs()
	if n := len(*outs); n > 0 && (*outs)[n-1].Type == StreamOutput && (*outs)[n-1].Name == name {
		(*outs)[n-1].Text = collapseCR((*outs)[n-1].Text + text)
		return
	}
	*outs = append(*outs, Output{Type: StreamOutput, Name: name, Text: collapseCR(text)})
}

// Display adds a display_data output, or with update replaces the data of
// every earlier output shown with displayID.
func (c *collector) Display(data engine.Bundle, metadata map[string]any, displayID string, update bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sealed {
		return
	}
	if update {
		// An update adds nothing to the cell, so a pending clear waits on.
		for _, r := range c.displays[displayID] {
			o := &c.nb.Cells[r.cell].Outputs[r.output]
			o.Data = bundleData(data)
			o.Metadata = copyMap(metadata)
		}
		return
	}
	c.beforeOutput()
	outs := c.cellOutputs()
	*outs = append(*outs, Output{Type: DisplayDataOutput, Data: bundleData(data), Metadata: copyMap(metadata)})
	if displayID != "" {
		c.displays[displayID] = append(c.displays[displayID], displayRef{c.cell, len(*outs) - 1})
	}
}

// Clear clears the cell's outputs now, or with wait when the next output
// arrives.
func (c *collector) Clear(wait bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sealed {
		return
	}
	if wait {
		c.pending = true
		return
	}
	c.pending = false
	c.clearNow()
}

// result appends the cell's execute_result or error.
func (c *collector) result(r engine.Result, count int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.Error != nil {
		c.beforeOutput()
		*c.cellOutputs() = append(*c.cellOutputs(), errorOutput(r.Error))
		return
	}
	if len(r.Data) > 0 {
		c.beforeOutput()
		n := count
		*c.cellOutputs() = append(*c.cellOutputs(), Output{
			Type: ExecuteResultOutput, Data: bundleData(r.Data), Metadata: copyMap(r.Metadata), ExecutionCount: &n,
		})
	}
}

// seal makes later writes no-ops.
func (c *collector) seal() {
	c.mu.Lock()
	c.sealed = true
	c.mu.Unlock()
}

func errorOutput(e *engine.Error) Output {
	tb := append([]string(nil), e.Traceback...)
	if tb == nil {
		tb = []string{}
	}
	return Output{Type: ErrorOutput, EName: e.Name, EValue: e.Value, Traceback: tb}
}

func bundleData(b engine.Bundle) map[string]any {
	m := make(map[string]any, len(b))
	for k, v := range b {
		m[k] = v
	}
	return m
}

// collapseCR applies carriage returns the way a terminal and Jupyter's
// stream coalescing do: text before a "\r" that is not part of "\r\n" is
// overwritten by what follows on that line. Progress bars rely on it.
func collapseCR(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		// Keep a trailing "\r" on the last line: the next chunk may still
		// continue it, and it must then overwrite the line.
		if j := strings.LastIndexByte(strings.TrimSuffix(l, "\r"), '\r'); j >= 0 {
			lines[i] = l[j+1:]
		}
	}
	return strings.Join(lines, "\n")
}
