package llm

import (
	"net/http"
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
// Register, as database/sql drivers are.
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

var drivers struct {
	sync.RWMutex
	m map[string]Driver
}

// Register makes a backend kind available to every Stack under kind, the
// value of ProviderConfig.Kind that selects it. It is meant to be called
// from the init function of the backend's package; registering a kind
// twice, or without New, panics.
func Register(kind string, d Driver) {
	drivers.Lock()
	defer drivers.Unlock()
	if d.New == nil {
		panic("llm: Register " + kind + ": Driver.New is nil")
	}
	if _, dup := drivers.m[kind]; dup || kind == KindSim {
		panic("llm: Register called twice for kind " + kind)
	}
	if drivers.m == nil {
		drivers.m = map[string]Driver{}
	}
	drivers.m[kind] = d
}

func lookupDriver(kind string) (Driver, bool) {
	drivers.RLock()
	defer drivers.RUnlock()
	d, ok := drivers.m[kind]
	return d, ok
}
