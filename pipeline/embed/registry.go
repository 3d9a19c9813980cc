package embed

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Factory builds an API embedder for model at baseURL (empty: the
// provider's own) with apiKey. It makes no network call.
type Factory func(baseURL, apiKey, model string) (Embedder, error)

// packages names the package that registers each provider kind this
// module has an embedder for; an error about a missing kind says which to
// import.
var packages = map[string]string{
	"openai": "github.com/specstress/specstress/pipeline/embed/openai",
}

var factories struct {
	sync.RWMutex
	m map[string]Factory
}

// Register makes the embedder of a provider kind (the kind of the
// provider table in pipeline/llm, e.g. "openai") available to Open. It is
// meant to be called from the init function of the embedder's package;
// registering a kind twice or a nil factory panics.
func Register(kind string, f Factory) {
	factories.Lock()
	defer factories.Unlock()
	if f == nil {
		panic("embed: Register " + kind + ": nil factory")
	}
	if _, dup := factories.m[kind]; dup || kind == "" {
		panic(fmt.Sprintf("embed: Register called twice for kind %q", kind))
	}
	if factories.m == nil {
		factories.m = map[string]Factory{}
	}
	factories.m[kind] = f
}

// Kinds returns the provider kinds this program has an API embedder for,
// sorted.
func Kinds() []string {
	factories.RLock()
	defer factories.RUnlock()
	out := make([]string, 0, len(factories.m))
	for k := range factories.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Open returns the embedder of a provider kind for model. A kind without
// a registered embedder is an error that lists the kinds this program has
// and says which import wires the missing one in.
func Open(kind, baseURL, apiKey, model string) (Embedder, error) {
	factories.RLock()
	f, ok := factories.m[kind]
	factories.RUnlock()
	if ok {
		return f(baseURL, apiKey, model)
	}
	list := "none"
	if have := Kinds(); len(have) > 0 {
		list = strings.Join(have, ", ")
	}
	how := "API embedders are wired in by importing their package"
	if pkg, known := packages[kind]; known {
		how = fmt.Sprintf("import _ %q to wire it in (the specstress binary and its kernel do)", pkg)
	}
	return nil, fmt.Errorf("no API embedder for provider kind %q in this program (it has %s); %s", kind, list, how)
}
