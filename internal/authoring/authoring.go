// Package authoring holds every exercise to its contract, one rule at a
// time: the stub in exercises/ is the pristine one and fails every check;
// the solution passes every check several times in a row (a flaky check is
// caught); stub and solution export the same API, are gofmt-clean and
// documented; the hints open with an idea, not code; the manifest orders
// every check; each known-wrong submission (a small diff against the
// solution) applies and is rejected with the kind it declares; known-right
// variants pass. `checker dev check` and the workbook's own tests run it.
package authoring

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/api"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/patch"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Config says which exercises to hold to their contract, and how.
type Config struct {
	Root    string // the workbook
	Catalog *catalog.Catalog
	// Options are the engine's; Options.Count is how many times in a row
	// the solution must pass (0 means 5).
	Options *testbin.Options
	// WrongRuns is how many separate runs (fresh processes each) every
	// known-wrong submission must fail the same way in: its declared checks
	// with its declared kinds, every time. 0 or 1 means once.
	WrongRuns int
	// Again, if set, picks the known-wrong submissions WrongRuns applies
	// to; the others are run once. Nil means every one. The picked ones run
	// every check of the exercise in each of those runs, not only the
	// declared ones, and each check must end the same way (status and
	// kind) in every run: the submission's score does not depend on luck.
	Again func(*Wrong) bool
	// Progress, if set, is told what is being checked.
	Progress io.Writer
	// Proven, if set, remembers the exercises that held to their contract:
	// one found there with everything it depends on unchanged is not
	// checked again (a note says so), and one that holds is remembered.
	Proven *Proven
}

// MaxWrongLines is how many lines a known-wrong submission's diff may
// change: one bug, visible at a glance.
const MaxWrongLines = 12

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

// exercise is what the rules read of one exercise.
type exercise struct {
	e        catalog.Exercise
	stub     target.Code // exercises/NAME, as it is
	pristine target.Code // testdata/NAME/stub.txtar
	solution target.Code
	wrong    []*Wrong
	right    []variant
}

// variant is a known-right submission: another correct style.
type variant struct {
	name string
	code target.Code
}

// Check holds e to its contract.
func Check(ctx context.Context, cfg Config, e catalog.Exercise) (*Report, error) {
	r := &Report{Exercise: e}
	when, proven, key := cfg.Proven.Before(&cfg, e)
	if proven {
		r.note("unchanged since it held to its contract at %s, with the same checks, code, checker and toolchain: not checked again (%s=1 checks it anyway)", when.Format(time.DateTime), FreshEnv)
		return r, nil
	}
	x, err := load(cfg, e, r)
	if err != nil {
		return nil, err
	}
	if x == nil {
		return r, nil
	}
	for _, rule := range []func(*Config, *exercise, *Report){
		stubIsPristine, hintsOpenWithAnIdea, documented, formatted, sameAPI, manifestOrdersChecks, wrongsAreSmall,
	} {
		rule(&cfg, x, r)
	}
	if err := vetSolution(ctx, &cfg, x, r); err != nil {
		return nil, err
	}
	if err := behaviour(ctx, &cfg, x, r); err != nil {
		return nil, err
	}
	if r.OK() {
		cfg.Proven.Mark(key)
	}
	return r, nil
}

// load reads e's stub, pristine stub, solution, known-wrong and known-right
// submissions. A missing piece is a problem of r, and load returns nil.
func load(cfg Config, e catalog.Exercise, r *Report) (*exercise, error) {
	x := &exercise{e: e}
	var err error
	if x.stub, _, err = target.Read(filepath.Join(cfg.Root, catalog.ExercisesDir, e.Name)); err != nil || len(x.stub) == 0 {
		r.problem("no stub in %s/%s: %v", catalog.ExercisesDir, e.Name, err)
		return nil, nil
	}
	pristine, err := cfg.Catalog.Stub(e)
	if err != nil {
		r.problem("no pristine stub: %v (run go test . -update)", err)
		return nil, nil
	}
	x.pristine = pristine
	if x.solution, _, err = target.Read(filepath.Join(cfg.Root, catalog.SolutionsDir, e.Name)); err != nil || len(x.solution) == 0 {
		r.problem("no solution in %s/%s: %v", catalog.SolutionsDir, e.Name, err)
		return nil, nil
	}
	dataDir := filepath.Join(cfg.Root, "testdata", e.Name)
	if x.wrong, err = LoadWrong(filepath.Join(dataDir, "wrong"), x.solution); err != nil {
		return nil, err
	}
	for _, w := range x.wrong {
		if w.Err != nil {
			r.problem("wrong/%s: %v", w.Name, w.Err)
		}
	}
	dirs, err := subdirs(filepath.Join(dataDir, "right"))
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		code, _, err := target.Read(d)
		if err != nil {
			return nil, err
		}
		x.right = append(x.right, variant{name: filepath.Base(d), code: code})
	}
	return x, nil
}

// stubIsPristine: exercises/NAME is the stub as shipped (solving it in the
// workbook's own tree would hide every "fails on the stub" rule).
func stubIsPristine(cfg *Config, x *exercise, r *Report) {
	if !x.stub.Equal(x.pristine) {
		r.problem("%s/%s differs from its pristine stub testdata/%s/%s: exercises/ must hold the stub as shipped (after changing the stub on purpose, run go test . -update)",
			catalog.ExercisesDir, x.e.Name, x.e.Name, catalog.StubArchive)
	}
}

// hintsOpenWithAnIdea: there are hints, and the first is a conceptual
// nudge, with no code in it.
func hintsOpenWithAnIdea(cfg *Config, x *exercise, r *Report) {
	hints, err := cfg.Catalog.Hints(x.e)
	if err != nil || len(hints) == 0 {
		r.problem("no hints in testdata/%s/hints.md", x.e.Name)
		return
	}
	if strings.Contains(hints[0], "```") || strings.Contains(hints[0], "\n    ") || strings.Contains(hints[0], "\n\t") {
		r.problem("the first hint in testdata/%s/hints.md shows code: open with an idea, give code only in later hints", x.e.Name)
	}
}

// documented: stub and solution have a package comment and doc comments.
func documented(cfg *Config, x *exercise, r *Report) {
	for _, v := range []struct {
		what string
		code target.Code
	}{{"stub", x.stub}, {"solution", x.solution}} {
		if err := docs(v.code); err != nil {
			r.problem("%s: %v", v.what, err)
		}
	}
}

// formatted: every piece of code is gofmt-clean.
func formatted(cfg *Config, x *exercise, r *Report) {
	check := func(what string, code target.Code) {
		if bad := unformatted(code); len(bad) > 0 {
			r.problem("%s: not gofmt-clean: %s", what, strings.Join(bad, ", "))
		}
	}
	check("stub", x.stub)
	check("solution", x.solution)
	for _, w := range x.wrong {
		if w.Code != nil {
			check("wrong/"+w.Name, w.Code)
		}
	}
	for _, v := range x.right {
		check("right/"+v.name, v.code)
	}
}

// unformatted lists the files of code that gofmt would change.
func unformatted(code target.Code) []string {
	var bad []string
	for _, n := range code.Names() {
		if out, err := format.Source(code[n]); err != nil || !bytes.Equal(out, code[n]) {
			bad = append(bad, n)
		}
	}
	return bad
}

// sameAPI: the stub and the solution export the same API.
func sameAPI(cfg *Config, x *exercise, r *Report) {
	d, err := api.Diff(x.stub, x.solution)
	switch {
	case err != nil:
		r.problem("compare APIs: %v", err)
	case d != "":
		r.problem("the stub and the solution export different APIs (-stub +solution):\n%s", d)
	}
}

// manifestOrdersChecks: the teaching order (testdata/NAME/order.txt) names
// every check of the exercise once, and nothing else.
func manifestOrdersChecks(cfg *Config, x *exercise, r *Report) {
	list, err := cfg.Catalog.Scripts(x.e)
	if err != nil {
		r.problem("load the checks: %v", err)
		return
	}
	have := map[string]bool{}
	for _, s := range list {
		have[s.Name] = true
	}
	seen := map[string]bool{}
	for _, name := range x.e.Order {
		switch {
		case seen[name]:
			r.problem("testdata/%s/%s lists check %s twice", x.e.Name, catalog.OrderFile, name)
		case !have[name]:
			r.problem("testdata/%s/%s lists check %s, which %s does not have", x.e.Name, catalog.OrderFile, name, x.e.ID)
		}
		seen[name] = true
	}
	for _, s := range list {
		if !seen[s.Name] {
			r.problem("testdata/%s/%s does not list check %s in its teaching order", x.e.Name, catalog.OrderFile, s.Name)
		}
	}
}

// wrongsAreSmall: each known-wrong submission changes few lines of the
// solution, so that its bug reads at a glance.
func wrongsAreSmall(cfg *Config, x *exercise, r *Report) {
	for _, w := range x.wrong {
		if w.Err == nil && w.Changed > MaxWrongLines {
			r.problem("wrong/%s changes %d lines of the solution: keep a known-wrong submission to one bug (at most %d changed lines)", w.Name, w.Changed, MaxWrongLines)
		}
	}
}

// vetSolution: go vet is clean on the solution.
func vetSolution(ctx context.Context, cfg *Config, x *exercise, r *Report) error {
	vet := cfg.Options.Go.Command(ctx, "vet", "./"+filepath.ToSlash(filepath.Join(catalog.SolutionsDir, x.e.Name)))
	vet.Dir = cfg.Root
	if out, err := vet.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.problem("go vet on the solution: %s", strings.TrimSpace(string(out)))
	}
	return nil
}

// behaviour checks, in one build: every check passes on the solution
// Count times in a row and fails on the stub; each known-wrong submission
// fails its declared checks with its declared kinds; each known-right
// variant passes.
func behaviour(ctx context.Context, cfg *Config, x *exercise, r *Report) error {
	count := cfg.Options.Count
	if count < 1 {
		count = 5
	}
	jobs := []checking.Job{
		{Exercise: x.e, Code: x.solution, Display: catalog.SolutionsDir + "/" + x.e.Name, Count: count},
		{Exercise: x.e, Code: x.stub, Display: catalog.ExercisesDir + "/" + x.e.Name, Variant: "stub", Count: 1},
	}
	var wrongs []*Wrong
	for i, w := range x.wrong {
		if w.Err != nil {
			continue
		}
		wrongs = append(wrongs, w)
		// Only the checks it declares: that is all the rule asks of it.
		var only []string
		for _, want := range w.Want {
			only = append(only, want.Check)
		}
		jobs = append(jobs, checking.Job{Exercise: x.e, Code: w.Code, Display: "testdata/" + x.e.Name + "/wrong/" + w.Name,
			Variant: fmt.Sprintf("w%d", i), Count: 1, Only: only})
	}
	for i, v := range x.right {
		jobs = append(jobs, checking.Job{Exercise: x.e, Code: v.code, Display: "testdata/" + x.e.Name + "/right/" + v.name,
			Variant: fmt.Sprintf("r%d", i), Count: 2})
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s: solution (%d times), stub, %d known-wrong, %d known-right, in one build\n", x.e.ID, count, len(wrongs), len(x.right))
	}
	ck := &checking.Checker{Catalog: cfg.Catalog, Options: cfg.Options}
	got, err := ck.Check(ctx, jobs)
	if err != nil {
		return err
	}
	solutionPasses(got[0], count, r)
	stubFails(got[1], r)
	for i, w := range wrongs {
		wrongFailsAsDeclared(w, got[2+i], r)
	}
	if err := wrongsAgain(ctx, cfg, x, wrongs, jobs[2:2+len(wrongs)], r); err != nil {
		return err
	}
	for i, v := range x.right {
		for _, c := range got[2+len(wrongs)+i].Checks {
			if c.Status != results.Pass {
				r.problem("right/%s: check %s fails (%s): %s", v.name, c.Name, c.Kind, firstLine(c.Message))
			}
		}
	}
	r.note("%d checks pass on the solution %d times in a row; %d known-wrong submissions; %d known-right variants", len(got[0].Checks), count, len(wrongs), len(x.right))
	return nil
}

// wrongsAgain runs the declared checks of every known-wrong submission
// cfg.WrongRuns-1 more times, each run a fresh build (the compile cached)
// and fresh processes, and holds each run to the declared kinds: a wrong
// answer fails the same way every time, on a busy machine too. The runs go
// side by side (the options' Jobs still bound the test processes), so the
// machine is as busy as it can be, and no core idles while one run waits.
func wrongsAgain(ctx context.Context, cfg *Config, x *exercise, wrongs []*Wrong, jobs []checking.Job, r *Report) error {
	if cfg.Again != nil {
		var ws []*Wrong
		var js []checking.Job
		for i, w := range wrongs {
			if cfg.Again(w) {
				j := jobs[i]
				j.Only = nil
				ws, js = append(ws, w), append(js, j)
			}
		}
		wrongs, jobs = ws, js
	}
	if cfg.WrongRuns <= 1 || len(wrongs) == 0 {
		return nil
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s: %d known-wrong submissions, %d more runs each\n", x.e.ID, len(wrongs), cfg.WrongRuns-1)
	}
	runs := make([][]results.Exercise, cfg.WrongRuns+1)
	errs := make([]error, cfg.WrongRuns+1)
	var wg sync.WaitGroup
	for run := 2; run <= cfg.WrongRuns; run++ {
		wg.Go(func() {
			ck := &checking.Checker{Catalog: cfg.Catalog, Options: cfg.Options}
			runs[run], errs[run] = ck.Check(ctx, jobs)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	var first []results.Exercise
	for run := 2; run <= cfg.WrongRuns; run++ {
		got := runs[run]
		before := len(r.Problems)
		for i, w := range wrongs {
			wrongFailsAsDeclared(w, got[i], r)
			if cfg.Again != nil && first != nil {
				sameVerdicts(w, first[i], got[i], r)
			}
		}
		if first == nil {
			first = got
		}
		for k := before; k < len(r.Problems); k++ {
			r.Problems[k] += fmt.Sprintf(" (in run %d of %d)", run, cfg.WrongRuns)
		}
	}
	r.note("%d known-wrong submissions failed as declared in %d separate runs", len(wrongs), cfg.WrongRuns)
	return nil
}

// sameVerdicts: every check ends the same way (status and kind) in run as
// in first, so the known-wrong submission w scores the same every time.
func sameVerdicts(w *Wrong, first, run results.Exercise, r *Report) {
	was := map[string]results.Check{}
	for _, c := range first.Checks {
		was[c.Name] = c
	}
	for _, c := range run.Checks {
		if p := was[c.Name]; p.Status != c.Status || p.Kind != c.Kind {
			r.problem("wrong/%s: check %s ended %s %s in one run and %s %s in another: its verdict depends on luck", w.Name, c.Name, p.Status, p.Kind, c.Status, c.Kind)
		}
	}
}

// solutionPasses: every check passes on the solution.
func solutionPasses(ex results.Exercise, count int, r *Report) {
	for _, c := range ex.Checks {
		if c.Status != results.Pass {
			r.problem("check %s fails on the solution (%s): %s", c.Name, c.Kind, firstLine(c.Message))
		}
	}
}

// stubFails: every check fails on the stub.
func stubFails(ex results.Exercise, r *Report) {
	for _, c := range ex.Checks {
		if c.Status == results.Pass {
			r.problem("check %s passes on the stub as shipped: it cannot tell a finished answer from an empty one", c.Name)
		}
	}
}

// wrongFailsAsDeclared: each check a known-wrong submission names fails,
// with the kind it names.
func wrongFailsAsDeclared(w *Wrong, ex results.Exercise, r *Report) {
	byName := map[string]results.Check{}
	for _, c := range ex.Checks {
		byName[c.Name] = c
	}
	for _, want := range w.Want {
		c, ok := byName[want.Check]
		switch {
		case !ok:
			r.problem("wrong/%s names check %s, which does not exist", w.Name, want.Check)
		case c.Status == results.Pass:
			r.problem("wrong/%s: check %s passes, but must fail as %s", w.Name, want.Check, want.Kind)
		case c.Kind != string(want.Kind):
			r.problem("wrong/%s: check %s fails as %s, but must fail as %s: %s", w.Name, want.Check, c.Kind, want.Kind, firstLine(c.Message))
		}
	}
}

// CheckAll runs Check for exercises, two at a time, reports in the order
// of the list.
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

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// ensure patch stays imported for Wrong's diff.
var _ = patch.Changed

// HiddenChecks holds an instructor's own checks (those the catalog's Extra
// folder adds) to the rule every check follows: each passes on the
// reference solution and fails on the pristine stub. It runs before a
// class is graded; the error names each check that breaks the rule.
func HiddenChecks(ctx context.Context, cat *catalog.Catalog, opts *testbin.Options) error {
	var problems []string
	for _, e := range cat.Exercises {
		list, err := cat.Scripts(e)
		if err != nil {
			return err
		}
		var hidden []string
		for _, s := range list {
			if s.Extra {
				hidden = append(hidden, s.Name)
			}
		}
		if len(hidden) == 0 {
			continue
		}
		sol, err := cat.Solution(e)
		if err != nil {
			return err
		}
		stub, err := cat.Stub(e)
		if err != nil {
			return err
		}
		ck := &checking.Checker{Catalog: cat, Options: opts}
		got, err := ck.Check(ctx, []checking.Job{
			{Exercise: e, Code: sol, Display: catalog.SolutionsDir + "/" + e.Name, Only: hidden},
			{Exercise: e, Code: stub, Display: "stub/" + e.Name, Variant: "stub", Only: hidden},
		})
		if err != nil {
			return err
		}
		for _, c := range got[0].Checks {
			if c.Status != results.Pass {
				problems = append(problems, fmt.Sprintf("%s %s fails on the reference solution (%s): %s", e.ID, c.Name, c.Kind, firstLine(c.Message)))
			}
		}
		for _, c := range got[1].Checks {
			if c.Status == results.Pass {
				problems = append(problems, fmt.Sprintf("%s %s passes on the stub as shipped: it cannot tell a finished answer from an empty one", e.ID, c.Name))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("-scripts: %s", strings.Join(problems, "; "))
	}
	return nil
}
