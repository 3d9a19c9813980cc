package main

import dataframe "github.com/go-gota/gota/dataframe"
import distuv "gonum.org/v1/gonum/stat/distuv"
import floats "gonum.org/v1/gonum/floats"
import fmt "fmt"
import mat "gonum.org/v1/gonum/mat"
import series "github.com/go-gota/gota/series"
import stat "gonum.org/v1/gonum/stat"
var _ = dataframe.LoadRecords
var _ = distuv.UnitNormal
var _ = floats.Sum
var _ = fmt.Sprint
var _ = mat.NewDense
var _ = series.New
var _ = stat.Mean
var inv mat.Dense
var xs []float64
var md *mat.Dense
var df dataframe.DataFrame
var hi dataframe.DataFrame
var nd distuv.Normal
func main() {
	__show := func(v any) { fmt.Printf("\x01%#v", v) }
	_ = __show
	fmt.Print("\x00cell0\x00")
	xs = []float64{1, 2, 3, 4}
	fmt.Printf("%.2f %.4f\n", stat.Mean(xs, nil), stat.Variance(xs, nil))
	fmt.Print("\x00cell1\x00")
	__show(floats.Sum(xs))
	fmt.Print("\x00cell2\x00")
	md = mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	if err := inv.Inverse(md); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%.1f\n", mat.Formatted(&inv))
	fmt.Print("\x00cell3\x00")
	df = dataframe.LoadRecords([][]string{{"name", "score"}, {"a", "1.5"}, {"b", "2.5"}, {"c", "4"}})
	fmt.Println(df.Nrow(), df.Ncol())
	fmt.Println(df.Col("score").Mean())
	fmt.Print("\x00cell4\x00")
	hi = df.Filter(dataframe.F{Colname: "score", Comparator: series.Greater, Comparando: 2.0})
	fmt.Println(hi.Col("name").Records())
	fmt.Print("\x00cell5\x00")
	nd = distuv.Normal{Mu: 0, Sigma: 1}
	fmt.Printf("%.4f\n", nd.CDF(1.96))
}
