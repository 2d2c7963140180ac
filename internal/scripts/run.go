package scripts

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/rogpeppe/go-internal/testscript"
)

// Config says which checks to run against which target, and how.
type Config struct {
	Package string    // the exercise's package name ("sumthread")
	Scripts []*Script // the checks to run
	// TargetDir holds the code under check; Display is how the learner names
	// it ("exercises/sumthread"), used in every path shown.
	TargetDir string
	Display   string
	Go        *testbin.Toolchain
	GoSum     []byte
	// Jobs bounds the checks run at once; several Runs may share it.
	Jobs    chan struct{}
	Count   int           // repeat every test this many times (-count)
	Timeout time.Duration // per check
	Verbose bool          // keep every script line in the log
	// TempDir is where the build and the scripts' work directories go.
	TempDir string
	// Building, if set, is told before the test binary is compiled, and
	// the function it returns once the build is over.
	Building func() (done func())
}

// Result is the outcome of one check.
type Result struct {
	Script   *Script
	Verdict  diagnose.Verdict
	Duration time.Duration
	Log      string // the script's log: on failure, or every line with Verbose
}

// Run builds the test binary for cfg's target and runs every script.
// Errors are the checker's own; failing checks are Results.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	paths := diagnose.Paths{Package: cfg.Package, Display: cfg.Display}
	tests, err := TestFiles(cfg.Scripts)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(cfg.TempDir, "check-"+cfg.Package+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	build := filepath.Join(tmp, "build")
	if err := os.Mkdir(build, 0o755); err != nil {
		return nil, err
	}
	built := func() {}
	if cfg.Building != nil {
		built = cfg.Building()
	}
	// Find test2json while the build runs: it is off the critical path then.
	go cfg.Go.Test2JSON(ctx)
	start := time.Now()
	bin, err := testbin.Compile(ctx, testbin.BuildConfig{
		Package: cfg.Package, TargetDir: cfg.TargetDir, TestFiles: tests,
		Dir: build, GoSum: cfg.GoSum, Go: cfg.Go,
	})
	built()
	var ce *testbin.CompileError
	if errors.As(err, &ce) {
		v := diagnose.CompileFailure(ce.Output, paths)
		var out []Result
		for _, s := range cfg.Scripts {
			out = append(out, Result{Script: s, Verdict: v, Duration: time.Since(start)})
		}
		return out, nil
	}
	if err != nil {
		return nil, err
	}

	dir := filepath.Join(tmp, "scripts")
	work := filepath.Join(tmp, "work")
	for _, d := range []string{dir, work} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return nil, err
		}
	}
	byStem := map[string]*checkState{}
	var files []string
	for _, s := range cfg.Scripts {
		f := filepath.Join(dir, s.File)
		if err := os.WriteFile(f, s.Data, 0o644); err != nil {
			return nil, err
		}
		files = append(files, f)
		byStem[s.Stem] = &checkState{script: s}
	}
	r := &runner{cfg: cfg, bin: bin, paths: paths, ctx: ctx, checks: byStem}
	// One run of every check's tests, as go test would; a script whose
	// tests all pass there takes that result, any other runs again alone.
	var all []string
	for _, s := range cfg.Scripts {
		all = append(all, s.Tests...)
	}
	shared, err := testbin.Run(ctx, testbin.RunConfig{
		Binary: bin, Tests: all, Dir: build, Count: cfg.Count, Timeout: cfg.Timeout, Go: cfg.Go,
	})
	if err != nil {
		return nil, err
	}
	r.shared = shared
	root := &rootT{jobs: cfg.Jobs, verbose: cfg.Verbose, results: map[string]*scriptT{}}
	testscript.RunT(root, testscript.Params{
		Files:       files,
		WorkdirRoot: work,
		Setup:       r.setup,
		Cmds:        Commands(r),
	})
	root.wg.Wait()

	var out []Result
	for _, s := range cfg.Scripts {
		st := byStem[s.Stem]
		t := root.results[s.Stem]
		res := Result{Script: s}
		if t != nil {
			res.Duration = t.duration
			if t.failed || cfg.Verbose {
				res.Log = paths.MapPaths(strings.ReplaceAll(t.log.String(), dir+"/", ""))
			}
		}
		switch {
		case t == nil:
			res.Verdict = diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the check did not run"}
		case st.verdict != nil && (t.failed || st.verdict.Status != diagnose.Pass):
			res.Verdict = *st.verdict
			if res.Verdict.Status == diagnose.Pass {
				res.Verdict.Status, res.Verdict.Kind = diagnose.Fail, diagnose.Wrong
				res.Verdict.Message = scriptFailure(t.log.String())
			}
		case t.failed:
			res.Verdict = diagnose.Verdict{Status: diagnose.Fail, Kind: diagnose.Wrong, Message: scriptFailure(t.log.String())}
		case !st.ran:
			res.Verdict = diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the script passed without running its tests"}
		default:
			res.Verdict = diagnose.Verdict{Status: diagnose.Pass}
			if st.verdict != nil {
				res.Verdict.Output = st.verdict.Output
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// scriptFailure extracts the message of a failed script line.
func scriptFailure(log string) string {
	m := regexp.MustCompile(`(?m)^FAIL: \S+:\d+: (.*)$`).FindStringSubmatch(log)
	if m == nil {
		return "the check's script failed"
	}
	return m[1]
}

// checkState is what the commands of one script record.
type checkState struct {
	script  *Script
	mu      sync.Mutex
	verdict *diagnose.Verdict
	ran     bool
}

// runner holds what the script commands need.
type runner struct {
	ctx    context.Context
	cfg    Config
	bin    *testbin.Binary
	paths  diagnose.Paths
	checks map[string]*checkState
	shared *testbin.Result // the run of every check's tests at once
}

// setup copies the target into the script's $WORK and passes the Go
// environment through, offline, with a HOME inside $WORK.
func (r *runner) setup(env *testscript.Env) error {
	if err := testbin.CopyTarget(r.cfg.TargetDir, filepath.Join(env.WorkDir, r.cfg.Package)); err != nil {
		return err
	}
	for _, kv := range r.cfg.Go.Env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "PATH" || k == "HOME" || k == "TMPDIR" {
			continue
		}
		env.Setenv(k, v)
	}
	home := filepath.Join(env.WorkDir, ".home")
	if err := os.Mkdir(home, 0o755); err != nil {
		return err
	}
	env.Setenv("HOME", home)
	return nil
}

// rootT is the checker's own testscript.T: it runs every script on its own
// goroutine, at most cap(jobs) at a time, and keeps each script's log.
type rootT struct {
	jobs    chan struct{}
	verbose bool
	wg      sync.WaitGroup
	mu      sync.Mutex
	results map[string]*scriptT
}

func (r *rootT) Skip(args ...any)  { panic("scripts: Skip on the root") }
func (r *rootT) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (r *rootT) Parallel()         {}
func (r *rootT) Log(args ...any)   {}
func (r *rootT) FailNow()          { panic("scripts: FailNow on the root") }
func (r *rootT) Verbose() bool     { return r.verbose }

// Run starts f for one script on its own goroutine.
func (r *rootT) Run(name string, f func(testscript.T)) {
	t := &scriptT{root: r}
	r.mu.Lock()
	r.results[name] = t
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			if t.holding {
				<-r.jobs
			}
		}()
		start := time.Now()
		defer func() { t.duration = time.Since(start) }()
		defer func() {
			if e := recover(); e != nil {
				t.failed = true
				fmt.Fprintf(&t.log, "checker: %v\n", e)
			}
		}()
		f(t)
	}()
}

// scriptT is the testscript.T of one script.
type scriptT struct {
	root     *rootT
	log      strings.Builder
	failed   bool
	skipped  bool
	holding  bool
	duration time.Duration
}

func (t *scriptT) Skip(args ...any) {
	fmt.Fprintln(&t.log, args...)
	t.skipped = true
	runtimeGoexit()
}
func (t *scriptT) Fatal(args ...any) {
	fmt.Fprintln(&t.log, args...)
	t.FailNow()
}

// Parallel waits for a free job slot.
func (t *scriptT) Parallel() {
	if t.root.jobs != nil && !t.holding {
		t.root.jobs <- struct{}{}
		t.holding = true
	}
}
func (t *scriptT) Log(args ...any) { fmt.Fprintln(&t.log, args...) }
func (t *scriptT) FailNow() {
	t.failed = true
	runtimeGoexit()
}
func (t *scriptT) Run(name string, f func(testscript.T)) { panic("scripts: nested Run") }
func (t *scriptT) Verbose() bool                         { return t.root.verbose }
func (t *scriptT) Failed() bool                          { return t.failed }
