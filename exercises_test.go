package workbook_test

import (
	"context"
	"flag"
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
// check fails on the stub and passes on the solution three times in a row,
// the APIs match, known-wrong submissions are rejected with their declared
// kind, known-right variants pass.
func TestExercises(t *testing.T) {
	if testing.Short() {
		t.Skip("checks every exercise end to end; skipped with -short")
	}
	t.Parallel()
	cfg, cat := authoringConfig(t, 3)
	for _, e := range cat.Exercises {
		t.Run(e.ID+"-"+e.Name, func(t *testing.T) {
			t.Parallel()
			check(t, cfg, e)
		})
	}
}

// TestVerdictsUnderLoad holds the known-wrong submissions of the exercises
// whose verdicts once depended on the machine's load (a RunAll that does not
// wait passed runall-many now and then under -jobs 4) to score the same in
// 20 separate runs: every check, not only the declared ones, ends the same
// way each time, with more jobs than cores, beside TestExercises (which
// keeps every core busy) and a goroutine that spins meanwhile. Those are
// the submissions that must fail runall-waits (a RunAll that returns before
// its goroutines are done, one way or another); the others run once.
func TestVerdictsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs known-wrong submissions 20 times on a loaded machine; skipped with -short")
	}
	t.Parallel()
	cfg, cat := authoringConfig(t, 1)
	cfg.WrongRuns = 20
	cfg.Again = func(w *authoring.Wrong) bool {
		for _, want := range w.Want {
			if want.Check == "runall-waits" {
				return true
			}
		}
		return false
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	for _, name := range []string{"sumthread"} {
		e, err := cat.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(e.ID+"-"+e.Name, func(t *testing.T) { check(t, cfg, e) })
	}
}

// authoringConfig is the configuration `checker dev check` would use, with
// the solution checked count times and four jobs per core, and the marks of
// exercises proven before under t's name: an exercise whose checks, code,
// checker and toolchain have not changed since it last held is not checked
// again (authoring.Proven; WORKBOOK_FRESH=1, CI=1 or go test -count=N
// checks everything).
func authoringConfig(t *testing.T, count int) (authoring.Config, *catalog.Catalog) {
	t.Helper()
	tc, err := testbin.FindToolchain(context.Background())
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
	var proven *authoring.Proven
	if !countSet() {
		if proven, err = authoring.OpenProven(root, t.Name(), cat); err != nil {
			t.Fatal(err)
		}
	}
	return authoring.Config{
		Root: root, Catalog: cat, Proven: proven,
		Options: &testbin.Options{Go: tc, GoSum: workbook.GoSum, Count: count, Jobs: make(chan struct{}, 4*runtime.NumCPU()), Durations: testbin.LoadDurations()},
	}, cat
}

// countSet reports whether go test was given -count, which asks for fresh
// runs: as it bypasses go test's own cache, it bypasses the marks of what
// was proven before.
func countSet() bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.count" })
	return set
}

// check runs authoring.Check on one exercise and reports its problems.
func check(t *testing.T, cfg authoring.Config, e catalog.Exercise) {
	t.Helper()
	r, err := authoring.Check(context.Background(), cfg, e)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range r.Notes {
		t.Log(n)
	}
	for _, p := range r.Problems {
		t.Error(p)
	}
}
