package kernel_test

import (
	"fmt"
	"runtime"
	"testing"
)

func TestZZMemGrowth(t *testing.T) {
	c, _, _, _ := startKernel(t, testKey, nil)
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	for i := 0; i < 10; i++ {
		c.execute("value 1", nil)
	}
	h10 := heap()
	for i := 0; i < 5000; i++ {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "value 1"})
		c.reply(c.shellC, id)
		c.iopubUntilIdle(id)
	}
	h := heap()
	fmt.Printf("heap after 10: %d KiB, after 5010: %d KiB, per execute %.0f B\n", h10>>10, h>>10, float64(h-h10)/5000)
}
