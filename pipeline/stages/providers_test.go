package stages

// Runs keep their cache in SQLite: the tests wire it in as the specstress
// binary does. The tests of runs on real providers' wire protocols, which
// link the SDKs, are in pipeline/stages/wiretest.
import (
	_ "github.com/specstress/specstress/pipeline/llm/sqlitecache"
)
