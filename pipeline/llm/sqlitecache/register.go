package sqlitecache

import "github.com/specstress/specstress/pipeline/llm"

// Importing the package makes it the llm.DefaultCache backend.
func init() {
	llm.RegisterCache(llm.DefaultCache, func(path string) (llm.Cache, error) {
		c, err := Open(path)
		if err != nil {
			return nil, err // not a typed nil inside the interface
		}
		return c, nil
	})
}
