package main

import (
	"fmt"
	"os"

	"github.com/specstress/specstress/pipeline/simulate"
)

func main() {
	cfg := simulate.DefaultConfig()
	cfg.Scenarios = 3000
	d, err := simulate.Generate(cfg)
	if err != nil {
		panic(err)
	}
	if err := d.Write(os.Args[1]); err != nil {
		panic(err)
	}
	fmt.Println("ok")
}
