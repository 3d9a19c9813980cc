# The analysis stack of a Python notebook of the method (arrays, data
# frames, plots, distributions and tests, regressions), then a mean:
# the counterpart of stack.go.
import numpy, pandas, matplotlib.pyplot, scipy.stats, statsmodels.api
print(numpy.mean([3, 1, 2]))
