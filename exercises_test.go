package workbook_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// TestMain makes the test binary the sandbox launcher of the check
// processes its tests start, as the checker's main does.
func TestMain(m *testing.M) {
	sandbox.Main()
	os.Exit(m.Run())
}

// TestExercises holds every exercise to its contract through the same
// engine learners use (internal/authoring, as `checker dev check`): each
// check fails on the stub and passes on the solution five times in a row,
// the APIs match, known-wrong submissions are rejected with their declared
// kind, known-right variants pass.
func TestExercises(t *testing.T) {
	if testing.Short() {
		t.Skip("checks every exercise end to end; skipped with -short")
	}
	ctx := context.Background()
	tc, err := testbin.FindToolchain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(workbook.Checks)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	cfg := authoring.Config{
		Root: root, Catalog: cat,
		Options: &testbin.Options{Go: tc, GoSum: workbook.GoSum, Count: 5, Jobs: make(chan struct{}, 4*runtime.NumCPU())},
	}
	for _, e := range cat.Exercises {
		t.Run(e.ID+"-"+e.Name, func(t *testing.T) {
			t.Parallel()
			r, err := authoring.Check(ctx, cfg, e)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range r.Notes {
				t.Log(n)
			}
			for _, p := range r.Problems {
				t.Error(p)
			}
		})
	}
}
