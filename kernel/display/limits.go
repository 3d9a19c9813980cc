package display

import "sync"

// TableLimits bound what a table display shows, with the meaning pandas
// gives its display options of the same names. Beyond the limits a table
// shows its first and last rows (or columns) around an ellipsis, and always
// its full shape ("1877 rows × 12 columns"); the HTML and the text/plain
// form elide the same cells.
type TableLimits struct {
	// MaxRows is the most rows shown whole; a longer table is truncated.
	// 0 or less shows every row.
	MaxRows int
	// MinRows is how many rows a truncated table shows: half from the top,
	// the rest from the bottom.
	MinRows int
	// MaxColumns is the most columns shown whole; a wider table shows the
	// first and last MaxColumns/2. 0 or less shows every column.
	MaxColumns int
	// MaxCellWidth clips longer cells to this many characters with an
	// ellipsis. 0 or less never clips.
	MaxCellWidth int
}

// DefaultTableLimits are pandas' defaults in a notebook: up to 60 rows
// whole, else 5 from the top and 5 from the bottom; up to 20 columns, else
// the first and last 10; cells clipped at 50 characters.
var DefaultTableLimits = TableLimits{MaxRows: 60, MinRows: 10, MaxColumns: 20, MaxCellWidth: 50}

var tableLimits = struct {
	sync.RWMutex
	l TableLimits
}{l: DefaultTableLimits}

// SetTableLimits changes the limits of every later table display (tables,
// DataFrames) and returns the previous ones, so that a cell can restore
// them. DefaultTableLimits puts pandas' defaults back.
func SetTableLimits(l TableLimits) (previous TableLimits) {
	tableLimits.Lock()
	defer tableLimits.Unlock()
	previous = tableLimits.l
	tableLimits.l = l
	return previous
}

// CurrentTableLimits returns the limits in effect.
func CurrentTableLimits() TableLimits {
	tableLimits.RLock()
	defer tableLimits.RUnlock()
	return tableLimits.l
}

// shown lists the indices a display shows out of n given the most shown
// whole and how many a truncated display keeps (half at each end, the
// extra one at the top); -1 marks the ellipsis.
func shown(n, maxWhole, keep int) []int {
	if maxWhole <= 0 || n <= maxWhole {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	if keep <= 0 || keep > maxWhole {
		keep = maxWhole
	}
	head := (keep + 1) / 2
	tail := keep - head
	idx := make([]int, 0, keep+1)
	for i := range head {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - tail; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}
