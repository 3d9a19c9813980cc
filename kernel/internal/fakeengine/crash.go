package fakeengine

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Crash ends the process the way a faulty cell can, with failures no
// recover catches:
//
//	stack     infinite recursion: "fatal error: stack overflow"
//	maps      unsynchronised writers: "fatal error: concurrent map writes"
//	goroutine a panic in a goroutine: "panic: ..."
//	exit      os.Exit(3) from compiled code
//
// Only supervised engines (in a child process) may run it.
func Crash(kind string) {
	switch kind {
	case "stack":
		debug.SetMaxStack(4 << 20) // the default 1 GB would take seconds to reach
		fmt.Println(recurse(0))
	case "maps":
		m := map[int]int{}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					m[i%64] = i
				}
			}()
		}
		wg.Wait()
	case "goroutine":
		go func() { panic("fakeengine: boom in a goroutine") }()
		time.Sleep(time.Minute)
	case "exit":
		os.Exit(3)
	}
	panic("fakeengine: unknown crash kind " + kind)
}

// recurse never returns; its frame is large enough to exhaust the stack
// quickly and its result is used so the call is not a tail call.
func recurse(n int) int {
	var pad [256]byte
	pad[n%len(pad)] = byte(n)
	return recurse(n+1) + int(pad[(n+7)%len(pad)])
}

// touch allocates n bytes and writes to every page so the memory is really
// used; it returns n.
func touch(n int64) int {
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	return len(b)
}
