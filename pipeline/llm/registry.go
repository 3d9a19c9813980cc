package llm

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Endpoint is one provider's configuration resolved against the
// environment: everything a backend needs to reach it.
type Endpoint struct {
	Name    string // the provider's name, e.g. "xai"
	Config  ProviderConfig
	BaseURL string // empty: the provider's own URL, as the SDK knows it
	// APIKey is never empty: servers that take no key get "none", as the
	// SDKs insist on one.
	APIKey string
	// HTTPClient is shared by every backend of a Stack.
	HTTPClient *http.Client
}

// Driver is a backend kind (a wire protocol) that a program wires in with
// Register, as database/sql drivers are: pipeline/llm itself links no
// provider SDK, so the interpreter's symbol tables and every package built
// on it stay free of them, and the program that wants real providers
// imports their packages (the specstress binary imports every one, so its
// notebooks reach them by name).
type Driver struct {
	// New builds the backend of one provider. It makes no network call;
	// the backend makes exactly one attempt per Complete (the Stack
	// retries). A backend with a batch API also implements Batcher.
	New func(Endpoint) (Client, error)
	// SentMaxTokens returns the max_tokens a request goes out with when
	// the protocol fills one in (Anthropic requires one); nil means the
	// request's own MaxTokens, 0 meaning none is sent.
	SentMaxTokens func(*Request) int64
}

// driverPackages names the package that registers each backend kind this
// module provides; an error about a missing kind says which to import.
var driverPackages = map[string]string{
	KindOpenAI:    "github.com/specstress/specstress/pipeline/llm/openai",
	KindAnthropic: "github.com/specstress/specstress/pipeline/llm/anthropic",
}

var drivers struct {
	sync.RWMutex
	m map[string]Driver
}

// Register makes a backend kind available to every Stack under kind, the
// value of ProviderConfig.Kind that selects it. It is meant to be called
// from the init function of the backend's package; registering a kind
// twice, the built-in "sim", or a Driver without New panics.
func Register(kind string, d Driver) {
	drivers.Lock()
	defer drivers.Unlock()
	if d.New == nil {
		panic("llm: Register " + kind + ": Driver.New is nil")
	}
	if _, dup := drivers.m[kind]; dup || kind == KindSim || kind == "" {
		panic(fmt.Sprintf("llm: Register called twice for kind %q", kind))
	}
	if drivers.m == nil {
		drivers.m = map[string]Driver{}
	}
	drivers.m[kind] = d
}

// Kinds returns the backend kinds this program can reach, sorted: the
// registered ones and the built-in sim.
func Kinds() []string {
	drivers.RLock()
	defer drivers.RUnlock()
	out := []string{KindSim}
	for k := range drivers.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func lookupDriver(kind string) (Driver, bool) {
	drivers.RLock()
	defer drivers.RUnlock()
	d, ok := drivers.m[kind]
	return d, ok
}

// driverFor returns the driver of a provider's kind, or a setup error
// that lists the kinds this program has and says which import wires the
// missing one in.
func driverFor(provider, kind string) (Driver, error) {
	if d, ok := lookupDriver(kind); ok {
		return d, nil
	}
	how := fmt.Sprintf("backends are wired in by importing their package, e.g. _ %q", driverPackages[KindOpenAI])
	if pkg, ok := driverPackages[kind]; ok {
		how = fmt.Sprintf("import _ %q to wire it in (the specstress binary and its kernel do)", pkg)
	}
	return Driver{}, fmt.Errorf("%w: provider %s: no backend of kind %q in this program (it has %s); %s",
		ErrSetup, provider, kind, strings.Join(Kinds(), ", "), how)
}

// CacheOpener opens or creates a persistent cache at path.
type CacheOpener func(path string) (Cache, error)

// DefaultCache is the cache backend a pipeline run opens:
// pipeline/llm/sqlitecache registers it.
const DefaultCache = "sqlite"

// cachePackages names the package that registers each cache backend this
// module provides.
var cachePackages = map[string]string{
	DefaultCache: "github.com/specstress/specstress/pipeline/llm/sqlitecache",
}

var caches struct {
	sync.RWMutex
	m map[string]CacheOpener
}

// RegisterCache makes a cache backend available to OpenCache under name.
// It is meant to be called from the init function of the backend's
// package; registering a name twice or a nil opener panics.
func RegisterCache(name string, open CacheOpener) {
	caches.Lock()
	defer caches.Unlock()
	if open == nil {
		panic("llm: RegisterCache " + name + ": nil opener")
	}
	if _, dup := caches.m[name]; dup || name == "" {
		panic(fmt.Sprintf("llm: RegisterCache called twice for %q", name))
	}
	if caches.m == nil {
		caches.m = map[string]CacheOpener{}
	}
	caches.m[name] = open
}

// OpenCache opens or creates the cache at path with the backend
// registered as name (DefaultCache for a pipeline run). A backend this
// program does not have is an error that lists the ones it has and says
// which import wires the missing one in.
func OpenCache(name, path string) (Cache, error) {
	caches.RLock()
	open, ok := caches.m[name]
	have := make([]string, 0, len(caches.m))
	for k := range caches.m {
		have = append(have, k)
	}
	caches.RUnlock()
	if !ok {
		sort.Strings(have)
		list := "none"
		if len(have) > 0 {
			list = strings.Join(have, ", ")
		}
		how := "cache backends are wired in by importing their package"
		if pkg, known := cachePackages[name]; known {
			how = fmt.Sprintf("import _ %q to wire it in (the specstress binary and its kernel do)", pkg)
		}
		return nil, fmt.Errorf("%w: cache %s: no %q cache backend in this program (it has %s); %s", ErrSetup, path, name, list, how)
	}
	c, err := open(path)
	if err != nil {
		return nil, err
	}
	return c, nil
}
