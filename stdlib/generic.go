package stdlib

// GenericSources are interpreted-Go additions to standard packages whose
// API is generic, which symbol tables cannot carry. yaegi ships source for
// part of slices, maps and cmp (compiled by Interpreter.Use when the tables
// include fmt) but lacks the sorting and min/max functions that notebooks
// use most. Compile each with Interpreter.Compile after Use(Symbols) and
// before the first import of the package.
//
// yaegi v0.16.1 infers only one type parameter from arguments, so these
// take []E rather than S ~[]E: a named slice type needs a conversion. Sort
// orders NaNs as sort.Float64s does, not first as the compiled slices.Sort.
var GenericSources = []string{slicesExtra}

const slicesExtra = `package slices

import "sort"

// ordered mirrors cmp.Ordered; importing cmp a second time into the
// package is rejected by the interpreter.
type ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 | ~string
}

// Sort sorts x in ascending order.
func Sort[E ordered](x []E) {
	sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
}

// SortFunc sorts x in ascending order as determined by cmp, which returns
// a negative number when a < b, a positive number when a > b and zero
// otherwise.
func SortFunc[E any](x []E, cmp func(a, b E) int) {
	sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

// SortStableFunc sorts x like SortFunc, keeping the original order of
// equal elements.
func SortStableFunc[E any](x []E, cmp func(a, b E) int) {
	sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

// IsSorted reports whether x is sorted in ascending order.
func IsSorted[E ordered](x []E) bool {
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] {
			return false
		}
	}
	return true
}

// IsSortedFunc reports whether x is sorted in ascending order by cmp.
func IsSortedFunc[E any](x []E, cmp func(a, b E) int) bool {
	for i := 1; i < len(x); i++ {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// Min returns the minimal value in x. It panics if x is empty.
func Min[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if x[i] < m {
			m = x[i]
		}
	}
	return m
}

// Max returns the maximal value in x. It panics if x is empty.
func Max[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if x[i] > m {
			m = x[i]
		}
	}
	return m
}

// MinFunc returns the minimal value in x by cmp (the first one if several
// are minimal). It panics if x is empty.
func MinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) < 0 {
			m = x[i]
		}
	}
	return m
}

// MaxFunc returns the maximal value in x by cmp (the first one if several
// are maximal). It panics if x is empty.
func MaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) > 0 {
			m = x[i]
		}
	}
	return m
}

// BinarySearch searches for target in the sorted x and returns the
// position where target is found, or where it would be inserted, and
// whether it was found.
func BinarySearch[E ordered](x []E, target E) (int, bool) {
	i := sort.Search(len(x), func(k int) bool { return x[k] >= target })
	return i, i < len(x) && x[i] == target
}
`
