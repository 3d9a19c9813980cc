package kernel_test

import (
	"testing"
)

// BenchmarkExecuteRoundTrip is the protocol server's share of a trivial
// cell: execute_request to execute_reply over real ZeroMQ sockets on
// loopback, with the fake engine, iopub drained to idle each time.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	c, _, _, _ := startKernel(b, testKey, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "value 1", "silent": false})
		c.reply(c.shellC, id)
		c.iopubUntilIdle(id)
	}
}

// BenchmarkKernelInfoRoundTrip: the lightest request, for the floor.
func BenchmarkKernelInfoRoundTrip(b *testing.B) {
	c, _, _, _ := startKernel(b, testKey, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellC, id)
		c.iopubUntilIdle(id)
	}
}

func BenchmarkExecuteReplyOnly(b *testing.B) {
	c, _, _, _ := startKernel(b, testKey, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := c.send(c.shell, "execute_request", map[string]any{"code": "value 1", "silent": false})
		c.reply(c.shellC, id)
	}
	b.StopTimer()
	c.sync()
}
