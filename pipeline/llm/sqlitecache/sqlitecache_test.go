package sqlitecache_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/llm/sqlitecache"
)

func TestImportRegistersTheDefaultCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	c, err := llm.OpenCache(llm.DefaultCache, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.(*sqlitecache.Cache); !ok {
		t.Fatalf("llm.OpenCache(%q) gave a %T", llm.DefaultCache, c)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no database file: %v", err)
	}
	if _, err := llm.OpenCache(llm.DefaultCache, filepath.Join(t.TempDir(), "no", "such", "dir", "c.db")); err == nil {
		t.Error("a cache in a missing directory opened")
	}
}

func TestAnswersSurviveReopeningAndSpentSumsThem(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cache.db")
	c, err := sqlitecache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := llm.Text("openai:gpt-4.1", "", "a"), llm.Text("anthropic:claude-sonnet-4", "", "b")
	b.Task = "judge"
	if err := c.Put(ctx, a.Key(), a, &llm.Response{Text: "answer a", Cost: 0.25, Usage: llm.Usage{Input: 3, Output: 4}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(ctx, b.Key(), b, &llm.Response{Text: "answer b", Cost: 0.5}); err != nil {
		t.Fatal(err)
	}
	c.Close()

	c, err = sqlitecache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, ok, err := c.Get(ctx, a.Key())
	if err != nil || !ok || r.Text != "answer a" || !r.Cached || r.Usage.Output != 4 {
		t.Errorf("Get a = %+v, %v, %v", r, ok, err)
	}
	if _, ok, err := c.Get(ctx, llm.Text("openai:gpt-4.1", "", "never asked").Key()); ok || err != nil {
		t.Errorf("miss: ok %v, err %v", ok, err)
	}
	if spent, err := c.Spent(ctx); err != nil || spent != 0.75 {
		t.Errorf("Spent = %v, %v; want 0.75", spent, err)
	}
	if n, err := c.Len(ctx); err != nil || n != 2 {
		t.Errorf("Len = %d, %v", n, err)
	}

	// A damaged entry is a miss (the call is made again and overwrites it).
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE calls SET response = '{"text": tru' WHERE key = ?`, b.Key()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if r, ok, err := c.Get(ctx, b.Key()); ok || err != nil {
		t.Errorf("damaged entry: %+v, %v, %v", r, ok, err)
	}

	// Another SQLite reads what was written: one row per call, with its
	// model, task and cost in columns.
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		if os.Getenv("SPECSTRESS_CI") != "" {
			t.Fatal("SPECSTRESS_CI is set but /usr/bin/python3 is missing")
		}
		t.Skip("no /usr/bin/python3 to read the file with another SQLite")
	}
	out, err := exec.Command(py, "-c", `import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute("SELECT model, task, cost FROM calls ORDER BY model"):
    print(*row)`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	want := "anthropic:claude-sonnet-4 judge 0.5\nopenai:gpt-4.1  0.25\n"
	if string(out) != want {
		t.Errorf("python's sqlite3 reads\n%s\nwant\n%s", out, strings.TrimSpace(want))
	}
}
