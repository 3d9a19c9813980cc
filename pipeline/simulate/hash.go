package simulate

import (
	"hash/fnv"
	"math"
)

// Every random draw of the simulator is a pure function of the seed and of
// what is being drawn (pair, model, nudge, purpose), never of the order in
// which things are generated. That is what lets the offline LLM backend
// answer one stage for one scenario and agree with the generated files.

// mix hashes a sequence of words with the splitmix64 finaliser.
func mix(xs ...uint64) uint64 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, x := range xs {
		h ^= x
		h += 0x9E3779B97F4A7C15
		h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9
		h = (h ^ (h >> 27)) * 0x94D049BB133111EB
		h ^= h >> 31
	}
	return h
}

// HashString maps a string to a key word (FNV-1a), for callers that key
// draws by text, such as the offline LLM backend keying by prompt.
func HashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// normal maps a hash to a standard normal draw (Box-Muller).
func normal(h uint64) float64 {
	u1 := unit(mix(h, 1))
	u2 := unit(mix(h, 2))
	if u1 < 1e-300 {
		u1 = 1e-300
	}
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// pick draws an index with probability proportional to w.
func pick(h uint64, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	t := unit(h) * sum
	for i, x := range w {
		if t < x {
			return i
		}
		t -= x
	}
	return len(w) - 1
}

// Purposes of draws, so that two kinds of draw on the same item never share
// a stream.
const (
	pConsensus = iota + 1
	pHighDis
	pProviderDir
	pCamp
	pNoise1
	pNoise2
	pOutlier
	pOutlierValue
	pNull
	pTopic
	pGenerator
	pCategory
	pFacet
	pType
	pTypeStyle
	pValues
	pValueCount
	pJudgeLatent
	pJudge
	pJudgeAmbiguous
	pJudgeOrder
	pText
	pQueryEmbedding
)
