// Package authoring holds every exercise to its contract: each check fails
// on the stub and passes on the solution (several times in a row, so a flaky
// check is caught), stub and solution export the same API, both are
// gofmt-clean and documented, hints and a manifest entry exist, known-wrong
// submissions are rejected with the kind they declare, and known-right
// variants pass. `checker dev check` and the workbook's own tests run it.
package authoring

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Config says which exercises to hold to their contract, and how.
type Config struct {
	Root    string // the workbook
	Catalog *catalog.Catalog
	Go      *testbin.Toolchain
	GoSum   []byte
	Count   int           // how many times in a row the solution must pass; 0 means 5
	Jobs    chan struct{} // bounds the checks running at once
	Timeout time.Duration // per check; 0 means 60s
	// StrictStub makes a difference between exercises/NAME and its pristine
	// stub a problem (authors, CI) rather than a note (a learner's copy).
	StrictStub bool
	// Progress, if set, is told what is being checked.
	Progress io.Writer
}

// Report is what the authoring check found for one exercise.
type Report struct {
	Exercise catalog.Exercise
	Problems []string // each one thing that is off
	Notes    []string // facts worth saying that are not problems
}

// OK reports whether nothing is off.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Check holds e to its contract.
func Check(ctx context.Context, cfg Config, e catalog.Exercise) (*Report, error) {
	if cfg.Count <= 0 {
		cfg.Count = 5
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	r := &Report{Exercise: e}
	exDir := filepath.Join(cfg.Root, catalog.ExercisesDir, e.Name)
	solDir := filepath.Join(cfg.Root, catalog.SolutionsDir, e.Name)
	dataDir := filepath.Join(cfg.Root, "testdata", e.Name)

	// The pristine stub is what the checks must fail on.
	stub, err := cfg.Catalog.Stub(e)
	if err != nil {
		r.problem("no pristine stub: %v (run go test . -update)", err)
		return r, nil
	}
	tmp, err := os.MkdirTemp("", "devcheck-"+e.Name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	stubDir := filepath.Join(tmp, e.Name)
	if err := catalog.WriteFiles(stubDir, stub); err != nil {
		return nil, err
	}
	if got, err := catalog.StubArchiveOf(exDir); err != nil {
		r.problem("read %s: %v", rel(cfg.Root, exDir), err)
	} else if want, _ := os.ReadFile(filepath.Join(dataDir, catalog.StubArchive)); !bytes.Equal(got, want) {
		if cfg.StrictStub {
			r.problem("%s differs from its pristine stub testdata/%s/%s: run go test . -update after changing the stub", rel(cfg.Root, exDir), e.Name, catalog.StubArchive)
		} else {
			r.note("%s differs from the pristine stub (expected in a learner's copy); the stub checks use the pristine one", rel(cfg.Root, exDir))
		}
	}

	// Hints and the package comment.
	if hints, err := cfg.Catalog.Hints(e); err != nil || len(hints) == 0 {
		r.problem("no hints in testdata/%s/hints.md", e.Name)
	}
	for _, d := range []struct{ name, dir string }{{"stub", stubDir}, {"solution", solDir}} {
		if err := docs(d.dir); err != nil {
			r.problem("%s: %v", d.name, err)
		}
		if err := gofmtClean(d.dir); err != nil {
			r.problem("%s: %v", d.name, err)
		}
	}
	if d, err := DiffAPI(stubDir, solDir); err != nil {
		r.problem("compare APIs: %v", err)
	} else if d != "" {
		r.problem("the stub and the solution export different APIs (-stub +solution):\n%s", d)
	}
	vet := cfg.Go.Command(ctx, "vet", "./"+filepath.ToSlash(filepath.Join(catalog.SolutionsDir, e.Name)))
	vet.Dir = cfg.Root
	if out, err := vet.CombinedOutput(); err != nil {
		r.problem("go vet on the solution: %s", strings.TrimSpace(string(out)))
	}

	check := func(dir string, count int) (results.Exercise, error) {
		return checking.Exercise(ctx, checking.Config{
			Catalog: cfg.Catalog, Go: cfg.Go, GoSum: cfg.GoSum, Root: cfg.Root,
			Dirs: map[string]string{e.Name: dir}, Jobs: cfg.Jobs, Count: count, Timeout: cfg.Timeout,
		}, e)
	}
	say := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "%s: "+format+"\n", append([]any{e.ID}, args...)...)
		}
	}

	// Every check passes on the solution, Count times in a row.
	say("solution, %d times", cfg.Count)
	sol, err := check(solDir, cfg.Count)
	if err != nil {
		return nil, err
	}
	for _, c := range sol.Checks {
		if c.Status != results.Pass {
			r.problem("check %s fails on the solution (%s): %s", c.Name, c.Kind, firstLine(c.Message))
		}
	}
	r.note("%d checks pass on the solution %d times in a row", len(sol.Checks), cfg.Count)

	// Every check fails on the stub.
	say("stub")
	st, err := check(stubDir, 1)
	if err != nil {
		return nil, err
	}
	for _, c := range st.Checks {
		if c.Status == results.Pass {
			r.problem("check %s passes on the stub as shipped: it cannot tell a finished answer from an empty one", c.Name)
		}
	}

	// Known-wrong submissions are rejected for their reason.
	wrong, err := subdirs(filepath.Join(dataDir, "wrong"))
	if err != nil {
		return nil, err
	}
	for _, w := range wrong {
		want, err := readWant(filepath.Join(w, "want.txt"))
		if err != nil {
			r.problem("wrong/%s: %v", filepath.Base(w), err)
			continue
		}
		if err := gofmtClean(w); err != nil {
			r.problem("wrong/%s: %v", filepath.Base(w), err)
		}
		say("wrong/%s", filepath.Base(w))
		got, err := check(w, 1)
		if err != nil {
			return nil, err
		}
		byName := map[string]results.Check{}
		for _, c := range got.Checks {
			byName[c.Name] = c
		}
		for check, kind := range want {
			c, ok := byName[check]
			switch {
			case !ok:
				r.problem("wrong/%s: want.txt names check %s, which does not exist", filepath.Base(w), check)
			case c.Status == results.Pass:
				r.problem("wrong/%s: check %s passes, but must fail as %s", filepath.Base(w), check, kind)
			case c.Kind != kind:
				r.problem("wrong/%s: check %s fails as %s, but must fail as %s: %s", filepath.Base(w), check, c.Kind, kind, firstLine(c.Message))
			}
		}
	}
	r.note("%d known-wrong submissions", len(wrong))

	// Known-right variants (other styles of correct answer) pass.
	right, err := subdirs(filepath.Join(dataDir, "right"))
	if err != nil {
		return nil, err
	}
	for _, d := range right {
		if err := gofmtClean(d); err != nil {
			r.problem("right/%s: %v", filepath.Base(d), err)
		}
		say("right/%s", filepath.Base(d))
		got, err := check(d, 2)
		if err != nil {
			return nil, err
		}
		for _, c := range got.Checks {
			if c.Status != results.Pass {
				r.problem("right/%s: check %s fails (%s): %s", filepath.Base(d), c.Name, c.Kind, firstLine(c.Message))
			}
		}
	}
	if len(right) > 0 {
		r.note("%d known-right variants", len(right))
	}
	return r, nil
}

// CheckAll runs Check for exercises, a few at a time, in order of the list.
func CheckAll(ctx context.Context, cfg Config, list []catalog.Exercise) ([]*Report, error) {
	reports := make([]*Report, len(list))
	errs := make([]error, len(list))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, e := range list {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			reports[i], errs[i] = Check(ctx, cfg, e)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("dev check %s: %w", list[i].ID, err)
		}
	}
	return reports, nil
}

// readWant reads a known-wrong submission's want.txt: a '#' line saying the
// bug, then lines "CHECK KIND".
func readWant(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("no want.txt: %w", err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	described := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			described = true
		default:
			f := strings.Fields(line)
			if len(f) != 2 {
				return nil, fmt.Errorf("want.txt: %q is not \"CHECK KIND\"", line)
			}
			if !validKind(f[1]) {
				return nil, fmt.Errorf("want.txt: unknown kind %q", f[1])
			}
			want[f[0]] = f[1]
		}
	}
	if !described {
		return nil, fmt.Errorf("want.txt: no '#' line saying what the bug is")
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("want.txt: names no check")
	}
	return want, sc.Err()
}

func validKind(k string) bool {
	switch k {
	case "compile", "wrong", "race", "deadlock", "leak", "timeout", "panic", "sequential":
		return true
	}
	return false
}

// subdirs lists the folders in dir, sorted; none when dir does not exist.
func subdirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// gofmtClean reports the .go files of dir that gofmt would change.
func gofmtClean(dir string) error {
	names, err := testbin.TargetFiles(dir)
	if err != nil {
		return err
	}
	var bad []string
	for _, n := range names {
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		if out, err := format.Source(src); err != nil || !bytes.Equal(out, src) {
			bad = append(bad, n)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("not gofmt-clean: %s", strings.Join(bad, ", "))
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}
