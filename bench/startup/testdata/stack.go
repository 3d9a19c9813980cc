// The analysis stack of a notebook, as a `specstress run` script: it names
// every one of the engine's 38 preloads (run imports the preloads a script
// names), so the process pays what a kernel's engine pays to get ready,
// then computes a mean. bench/startup/stack.py is the Python counterpart.
refs := []any{
	fmt.Sprint, strings.ToUpper, strconv.Itoa, math.Sqrt, sort.Ints, time.Now,
	os.Getenv, errors.New, context.Background, io.EOF, bytes.NewReader,
	regexp.MustCompile, rand.IntN,
	filepath.Join, json.Marshal, dataframe.New, series.Floats, stat.Mean,
	floats.Sum, mat.NewDense, distuv.UnitNormal, plot.New, plotter.NewScatter,
	vg.Points, draw.Crop, plotutil.AddLines, vgimg.New, display.Markdown,
	pipeline.Ambiguous, dataset.CitationCell, simulate.BinOf, analysis.Agreement,
	taxonomy.Builtin, llm.Text, stages.AllStages, plots.Bars,
}
xs := []float64{3, 1, 2}
slices.Sort(xs)                          // generic functions are not values in the
m := maps.Clone(map[string]int{"n": 38}) // interpreter: call them instead
if len(refs)+2 != m["n"] {
	panic("not all 38 preloads named")
}
fmt.Println(stat.Mean(xs, nil))
