package wiretest_test

import (
	"path/filepath"
	"testing"

	"github.com/specstress/specstress/pipeline/stages"
)

// responses reads what run r journaled in its responses stage, from the
// file, as a restarted run would.
func responses(t *testing.T, r *stages.Run) []stages.ResponseRec {
	t.Helper()
	return readJournal(t, filepath.Join(r.Config.Out, "responses.jsonl"), func(x stages.ResponseRec) string {
		return x.Key.String() + "|" + string(x.Model)
	})
}

// judgments reads what run r journaled in its judge stage.
func judgments(t *testing.T, r *stages.Run) []stages.JudgeRec {
	t.Helper()
	return readJournal(t, filepath.Join(r.Config.Out, "judgments.jsonl"), func(x stages.JudgeRec) string {
		return x.Key.String() + "|" + string(x.Model) + "|" + x.Judge
	})
}

func readJournal[T any](t *testing.T, path string, key func(T) string) []T {
	t.Helper()
	j, err := stages.OpenJournal(path, key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if w := j.Recovered(); w != "" {
		t.Fatalf("the journal was torn: %s", w)
	}
	return j.All()
}
