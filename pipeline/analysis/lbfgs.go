package analysis

import (
	"fmt"
	"math"
)

// minimizeLBFGS minimises a smooth convex f with limited-memory BFGS
// (memory 10) and a backtracking Armijo line search, starting from x (which
// it updates). fg returns f(x) and writes the gradient into g. It stops when
// the largest gradient component falls below gtol or after maxIter
// iterations, or when three iterations in a row lower f by less than a few
// units in the last place (the floating-point floor). Written here rather than taken from gonum/optimize, which
// would pull a new module into go.mod.
func minimizeLBFGS(x []float64, fg func(x, g []float64) float64, gtol float64, maxIter int) (float64, error) {
	const mem = 10
	n := len(x)
	g := make([]float64, n)
	f := fg(x, g)
	if math.IsNaN(f) {
		return f, fmt.Errorf("objective is NaN at the start")
	}
	s := make([][]float64, 0, mem)
	y := make([][]float64, 0, mem)
	rho := make([]float64, 0, mem)
	alpha := make([]float64, mem)
	d := make([]float64, n)
	stalled := 0
	xNew := make([]float64, n)
	gNew := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		if normInf(g) < gtol {
			return f, nil
		}
		// Two-loop recursion: d = -H g.
		copy(d, g)
		for i := len(s) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(s[i], d)
			axpy(-alpha[i], y[i], d)
		}
		if k := len(s) - 1; k >= 0 {
			scale(dot(s[k], y[k])/dot(y[k], y[k]), d)
		} else {
			scale(1/math.Max(1, normInf(g)), d)
		}
		for i := range s {
			b := rho[i] * dot(y[i], d)
			axpy(alpha[i]-b, s[i], d)
		}
		scale(-1, d)
		slope := dot(g, d)
		if slope >= 0 { // not a descent direction: restart from steepest descent
			s, y, rho = s[:0], y[:0], rho[:0]
			copy(d, g)
			scale(-1/math.Max(1, normInf(g)), d)
			slope = dot(g, d)
		}
		step := 1.0
		var fNew float64
		for ls := 0; ; ls++ {
			for i := range x {
				xNew[i] = x[i] + step*d[i]
			}
			fNew = fg(xNew, gNew)
			if fNew <= f+1e-4*step*slope {
				break
			}
			if ls == 60 {
				return f, nil // no further decrease is representable
			}
			step /= 2
		}
		var sk, yk []float64
		if len(s) == mem {
			sk, yk = s[0], y[0]
			s, y, rho = s[1:], y[1:], rho[1:]
		} else {
			sk, yk = make([]float64, n), make([]float64, n)
		}
		for i := range x {
			sk[i] = xNew[i] - x[i]
			yk[i] = gNew[i] - g[i]
		}
		if sy := dot(sk, yk); sy > 1e-300 {
			s, y, rho = append(s, sk), append(y, yk), append(rho, 1/sy)
		}
		if f-fNew <= 1e-14*math.Max(1, math.Abs(f)) {
			stalled++
		} else {
			stalled = 0
		}
		copy(x, xNew)
		copy(g, gNew)
		f = fNew
		if stalled == 3 {
			return f, nil
		}
	}
	return f, fmt.Errorf("no convergence after %d iterations (gradient %g)", maxIter, normInf(g))
}

func dot(a, b []float64) float64 {
	var t float64
	for i := range a {
		t += a[i] * b[i]
	}
	return t
}

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

func normInf(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}
