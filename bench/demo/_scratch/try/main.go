package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/specstress/specstress/kernel"
	"github.com/specstress/specstress/kernel/repl"
)

type out struct{}

func (out) Stream(name, text string) { fmt.Printf("[%s] %s", name, text) }
func (out) Display(d kernel.MimeBundle, m map[string]any, id string, u bool) {
	fmt.Printf("[display %v] keys:", id)
	for k := range d {
		fmt.Print(" ", k)
	}
	fmt.Println()
}
func (out) Clear(bool) {}

func main() {
	e, err := repl.New(repl.Options{Preload: true})
	if err != nil {
		panic(err)
	}
	b, _ := io.ReadAll(os.Stdin)
	for _, cell := range strings.Split(string(b), "\n%%\n") {
		r := e.Execute(context.Background(), cell, out{})
		if r.Error != nil {
			fmt.Printf("ERROR %s: %s\n%s\n", r.Error.Name, r.Error.Value, strings.Join(r.Error.Traceback, "\n"))
			continue
		}
		for k, v := range r.Data {
			s := fmt.Sprint(v)
			if len(s) > 300 {
				s = s[:300] + "..."
			}
			fmt.Printf("RESULT %s: %s\n", k, s)
		}
	}
}
