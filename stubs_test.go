package workbook_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite testdata/NAME/stub.txtar from exercises/NAME")

// TestStubArchives holds the pristine stub kept for `checker reset` to the
// stub in exercises/. A learner's edited copy is expected to differ, so
// outside CI a difference is only reported.
func TestStubArchives(t *testing.T) {
	cat, err := catalog.Load(workbook.Checks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cat.Exercises {
		got, err := catalog.StubArchiveOf(filepath.Join(catalog.ExercisesDir, e.Name))
		if err != nil {
			t.Errorf("%s: %v", e.ID, err)
			continue
		}
		path := filepath.Join("testdata", e.Name, catalog.StubArchive)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Errorf("%s: %v", e.ID, err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", e.ID, err)
			continue
		}
		if !bytes.Equal(got, want) {
			msg := "exercises/" + e.Name + " differs from its pristine stub " + path + " (run go test . -update after changing a stub)"
			if os.Getenv("CI") == "" {
				t.Logf("%s; fine in a learner's copy", msg)
				continue
			}
			t.Error(msg)
		}
	}
}
