package main

import (
	"fmt"

	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/taxonomy"
)

func main() {
	ds, err := dataset.Open("notebooks/data/sample")
	if err != nil {
		panic(err)
	}
	sp, _ := ds.Split("complete/train")
	sc, err := sp.Scenarios()
	if err != nil {
		panic(err)
	}
	fmt.Println(sp, sc.Value1[:5], sc.Value2[:5])
	tx := taxonomy.Builtin()
	hit := 0
	for _, v := range sc.Value1 {
		if _, ok := tx.Lookup(v); ok {
			hit++
		}
	}
	fmt.Println("builtin hits", hit, len(sc.Value1), len(tx.Values), tx.Source)
	q, _ := sp.Queries()
	fmt.Println(q[0])
	spec, _ := sp.Strings("spectra")
	fmt.Println(spec[0][:300])
	for _, s := range ds.Splits() { fmt.Println(s) }
}
