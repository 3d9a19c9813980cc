//go:build scratch

package repl

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func frameLen(e *Engine) int {
	return reflect.ValueOf(e.it).Elem().FieldByName("frame").Elem().FieldByName("data").Len()
}

func TestScratch(t *testing.T) {
	ctx := context.Background()
	for _, code := range []string{"1 + 1", "x := 1", "fmt.Sprint(1)"} {
		e := newEngine(t)
		for round := 0; round < 3; round++ {
			t0 := time.Now()
			for k := 0; k < 1000; k++ {
				e.Execute(ctx, code, &recorder{})
			}
			fmt.Printf("%q round %d: %v per execute, frame %d\n", code, round, time.Since(t0)/1000, frameLen(e))
		}
	}
}
