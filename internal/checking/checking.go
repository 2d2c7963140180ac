// Package checking checks exercises against code under check (a learner's
// exercises/, the solutions, a submission's copy, a known-wrong submission,
// a mutant) and gathers the results: one build for every exercise of the
// call, their tests run side by side, each check diagnosed.
package checking

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/scripts"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Job is one exercise to check: its code and how the learner names its
// folder.
type Job struct {
	Exercise catalog.Exercise
	Code     target.Code // empty when the folder holds no code
	Display  string      // the folder as the learner knows it, "exercises/sumthread"
	// Variant keeps this job apart from others of the same exercise in one
	// build (known-wrong submissions, mutants); "" for the usual one.
	Variant string
	// Count is how many times in a row each check runs; 0 means the
	// options' Count.
	Count int
	// Only, if set, names the checks to run (and -run filters those).
	Only []string
	// FirstFailure stops at the first check that fails: the checks after
	// it are errors that say they did not run (for mutation testing).
	FirstFailure bool
	// Missing says why there is no code, when Code is empty.
	Missing string
}

// FromDir is the job of checking exercise e's code in dir, shown as display.
func FromDir(e catalog.Exercise, dir, display string) Job {
	j := Job{Exercise: e, Display: display}
	code, _, err := target.Read(dir)
	switch {
	case os.IsNotExist(err):
		j.Missing = fmt.Sprintf("%s does not exist", display)
	case err != nil:
		j.Missing = fmt.Sprintf("read %s: %v", display, err)
	case len(code) == 0:
		j.Missing = fmt.Sprintf("%s has no Go files to check", display)
	}
	j.Code = code
	return j
}

// Checker checks jobs with a catalog's checks, under one set of options.
type Checker struct {
	Catalog *catalog.Catalog
	Options *testbin.Options
	// Finished, if set, is told each check's result as it is known (from
	// several goroutines, one call at a time): for progress lines.
	Finished func(e catalog.Exercise, c results.Check)
	mu       sync.Mutex
}

// plan is one job with its checks.
type plan struct {
	job     Job
	scripts []*scripts.Script
	unit    *testbin.Unit
	paths   diagnose.Paths
	out     results.Exercise

	built    *testbin.Unit // unit as built (nil: it did not compile)
	tests    []string      // its tests, as the binary names them
	estimate time.Duration // how long its tests are expected to run
}

// built finds u in bin (nil when it is not there: it did not compile) and
// lists its tests as the binary names them, in the checks' order.
func built(u *testbin.Unit, bin *testbin.Binary) (*testbin.Unit, []string) {
	if bin == nil {
		return nil, nil
	}
	for _, b := range bin.Units {
		if b.Dir() == u.Dir() {
			var tests []string
			for _, name := range b.Order {
				for _, t := range b.Tests[name] {
					tests = append(tests, b.TestName(t))
				}
			}
			return b, tests
		}
	}
	return nil, nil
}

// Check checks jobs: every exercise's code in one build, their tests run
// side by side. It returns one results.Exercise per job, in the order of
// jobs; an exercise that -run leaves no check of has no checks. Errors are
// the checker's own or the machine's.
func (c *Checker) Check(ctx context.Context, jobs []Job) ([]results.Exercise, error) {
	plans := make([]*plan, len(jobs))
	var units []*testbin.Unit
	for i, j := range jobs {
		p, err := c.plan(j)
		if err != nil {
			return nil, err
		}
		plans[i] = p
		if p.unit != nil {
			units = append(units, p.unit)
		}
	}
	tmp, err := os.MkdirTemp(c.Options.TempDir, "check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// A sandboxed test process runs as a uid of its own (as root): it must
	// reach its binary, though it may not list the folder.
	if err := os.Chmod(tmp, 0o711); err != nil {
		return nil, err
	}
	var bin *testbin.Binary
	var excluded []testbin.Exclusion
	if len(units) > 0 {
		t0 := time.Now()
		bin, excluded, err = testbin.Build(ctx, c.Options, filepath.Join(tmp, "build"), units)
		testbin.Tracef("build %v", time.Since(t0))
		if err != nil {
			return nil, err
		}
	}
	// The runs start longest first (by what their tests took before), each
	// as soon as a job slot is free, a long one on more slots when they
	// would idle otherwise: the call ends when its longest run could.
	var wg sync.WaitGroup
	errs := make([]error, len(plans))
	var queue []int
	for i, p := range plans {
		if p.unit == nil {
			continue
		}
		p.built, p.tests = built(p.unit, bin)
		if p.built == nil {
			wg.Go(func() { errs[i] = c.run(ctx, p, bin, excluded, nil) })
			continue
		}
		p.estimate = c.Options.Durations.Estimate(p.built, p.tests, cmp.Or(p.built.Count, c.Options.Count))
		queue = append(queue, i)
	}
	slices.SortStableFunc(queue, func(a, b int) int { return cmp.Compare(plans[b].estimate, plans[a].estimate) })
	for k, i := range queue {
		p := plans[i]
		slots := c.Options.TakeSlots(p.estimate, len(queue)-1-k)
		wg.Go(func() { errs[i] = c.run(ctx, p, bin, excluded, slots) })
	}
	wg.Wait()
	c.Options.Durations.Save()
	out := make([]results.Exercise, len(plans))
	for i, p := range plans {
		if errs[i] != nil {
			return nil, fmt.Errorf("check %s: %w", p.job.Exercise.ID, errs[i])
		}
		p.out.Total()
		out[i] = p.out
	}
	return out, nil
}

// plan loads a job's checks (filtered by -run) and, when it has code and
// checks, the unit to build.
func (c *Checker) plan(j Job) (*plan, error) {
	e := j.Exercise
	p := &plan{job: j, out: results.Exercise{ID: e.ID, Name: e.Name, Checks: []results.Check{}},
		paths: diagnose.Paths{Package: e.Name, Display: j.Display, Code: j.Code}}
	if j.Variant != "" {
		p.paths.Dir = j.Variant + "/" + e.Name
	}
	list, err := c.Catalog.Scripts(e)
	if err != nil {
		return nil, err
	}
	kit, err := c.Catalog.Kit(e)
	if err != nil {
		return nil, err
	}
	if err := scripts.Validate(list, kit); err != nil {
		return nil, fmt.Errorf("checks of %s: %w", e.ID, err)
	}
	only := map[string]bool{}
	for _, name := range j.Only {
		only[name] = true
	}
	for _, s := range list {
		if (c.Options.Run == nil || c.Options.Run.MatchString(s.Name)) && (j.Only == nil || only[s.Name]) {
			p.scripts = append(p.scripts, s)
		}
	}
	if len(p.scripts) == 0 {
		return p, nil
	}
	if len(j.Code) == 0 {
		for _, s := range p.scripts {
			c.add(p, s, diagnose.Verdict{Status: diagnose.Fail, Kind: diagnose.Compile, Message: j.Missing}, 0, "")
		}
		return p, nil
	}
	// The stub stands in for the code in the build of the checks' helpers.
	stub, err := c.Catalog.Stub(e)
	if err != nil {
		return nil, err
	}
	u := &testbin.Unit{Package: e.Name, Variant: j.Variant, Code: j.Code, Shared: kit, Count: j.Count, Stub: stub,
		Checks: map[string]map[string][]byte{}, Tests: map[string][]string{}}
	for _, s := range p.scripts {
		u.Order = append(u.Order, s.Name)
		u.Checks[s.Name] = s.Files()
		u.Tests[s.Name] = s.Tests
	}
	p.unit = u
	return p, nil
}

// run runs a planned exercise's tests (on slots, the job slots taken for
// them) and its scripts, and records each check's result.
func (c *Checker) run(ctx context.Context, p *plan, bin *testbin.Binary, excluded []testbin.Exclusion, slots []func()) error {
	cfg := scripts.Config{Package: p.job.Exercise.Name, Scripts: p.scripts, Code: p.job.Code,
		Paths: p.paths, Excluded: map[string]diagnose.Verdict{}}
	for _, x := range excluded {
		if x.Unit.Dir() != p.unit.Dir() {
			continue
		}
		v := diagnose.CompileFailure(x.Output, p.paths)
		if x.Check != "" {
			// The code compiles, the check's test code does not: the API
			// differs from the stub's.
			if stub, err := c.Catalog.Stub(p.job.Exercise); err == nil {
				if av, ok := diagnose.APIMismatch(x.Output, stub, p.job.Code, p.paths); ok {
					v = av
				}
			}
		}
		cfg.Excluded[x.Check] = v
	}
	if p.built != nil {
		cfg.Unit = p.built
		t0 := time.Now()
		stop := testbin.AtFailure
		if p.job.FirstFailure {
			stop = testbin.AfterFailure
		}
		shared, err := testbin.RunTests(ctx, c.Options, bin, p.built, p.tests, stop, slots...)
		if err != nil {
			return err
		}
		testbin.Tracef("run %s %v (%d processes, expected %v on %d slots)", p.built.Package, time.Since(t0), len(shared.Processes), p.estimate, len(slots))
		cfg.Binary, cfg.Shared = bin, shared
	} else if _, whole := cfg.Excluded[""]; !whole {
		cfg.Excluded[""] = diagnose.Verdict{Status: diagnose.Fail, Kind: diagnose.Compile, Message: "the code does not compile"}
	}
	t1 := time.Now()
	res, err := scripts.Run(ctx, c.Options, cfg)
	testbin.Tracef("scripts %s %v", p.unit.Package, time.Since(t1))
	if err != nil {
		return err
	}
	for _, r := range res {
		c.add(p, r.Script, r.Verdict, r.Duration.Milliseconds(), r.Log)
	}
	return nil
}

// add records one check's result in p's exercise.
func (c *Checker) add(p *plan, s *scripts.Script, v diagnose.Verdict, ms int64, log string) {
	diagnose.FaultOf(&v, s.Name, p.paths)
	r := results.Check{
		Name: s.Name, Title: s.Title, Status: v.Status, Kind: string(v.Kind), Message: v.Message,
		File: v.File, Line: v.Line, MaxPoints: s.Points, DurationMS: ms, Visibility: s.Visibility,
		Cause: v.Cause, Evidence: v.Evidence,
	}
	if v.Status == diagnose.Pass {
		r.Points = s.Points
	}
	if v.Status != diagnose.Pass || c.Options.Verbose {
		r.Output = v.Output
		if c.Options.Verbose && log != "" {
			r.Output = log
		}
	}
	p.out.Checks = append(p.out.Checks, r)
	if c.Finished != nil {
		c.mu.Lock()
		c.Finished(p.job.Exercise, r)
		c.mu.Unlock()
	}
}
