package scripts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/rogpeppe/go-internal/testscript"
)

// Config says which checks of one exercise to run, and what their tests did.
type Config struct {
	Package string    // the exercise's package name ("sumthread")
	Scripts []*Script // the checks to run
	Code    target.Code
	Paths   diagnose.Paths
	// Binary holds the exercise's tests as Unit, and Shared is the run of
	// all of them at once (nil when none compiled).
	Binary *testbin.Binary
	Unit   *testbin.Unit
	Shared *testbin.Run
	// Excluded holds the verdicts of checks whose test code did not
	// compile, by check name; under "" the verdict of every check.
	Excluded map[string]diagnose.Verdict
}

// Result is the outcome of one check.
type Result struct {
	Script   *Script
	Verdict  diagnose.Verdict
	Duration time.Duration
	Log      string // the script's log: on failure, or every line with Verbose
}

// Run runs every script of cfg with testscript, each script's gotest
// taking its tests' outcome from cfg.Shared. Errors are the checker's own;
// failing checks are Results.
func Run(ctx context.Context, opts *testbin.Options, cfg Config) ([]Result, error) {
	tmp, err := os.MkdirTemp(opts.TempDir, "scripts-"+cfg.Package+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir, work := filepath.Join(tmp, "scripts"), filepath.Join(tmp, "work")
	for _, d := range []string{dir, work} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return nil, err
		}
	}
	r := &runner{ctx: ctx, opts: opts, cfg: cfg, checks: map[string]*checkState{}}
	var files []string
	for _, s := range cfg.Scripts {
		f := filepath.Join(dir, s.File)
		if err := os.WriteFile(f, s.Data, 0o644); err != nil {
			return nil, err
		}
		files = append(files, f)
		r.checks[s.Stem] = &checkState{script: s}
	}
	root := &rootT{verbose: opts.Verbose, results: map[string]*scriptT{}}
	testscript.RunT(root, testscript.Params{
		Files:       files,
		WorkdirRoot: work,
		Setup:       r.setup,
		Cmds:        Commands(r),
	})
	root.wg.Wait()

	var out []Result
	for _, s := range cfg.Scripts {
		st := r.checks[s.Stem]
		t := root.results[s.Stem]
		res := Result{Script: s}
		if t != nil {
			res.Duration = t.duration
			if t.failed || opts.Verbose {
				res.Log = cfg.Paths.MapPaths(strings.ReplaceAll(t.log.String(), dir+"/", ""))
			}
		}
		res.Verdict, res.Duration = st.outcome(t, res.Duration)
		out = append(out, res)
	}
	return out, nil
}

// outcome is the verdict of a check from what its script did and what its
// gotest found, and how long its tests took.
func (st *checkState) outcome(t *scriptT, scriptTime time.Duration) (diagnose.Verdict, time.Duration) {
	d := scriptTime
	if st.ran {
		d = st.duration
	}
	switch {
	case t == nil:
		return diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the check did not run"}, d
	case st.verdict != nil && st.verdict.Status != diagnose.Pass:
		return *st.verdict, d
	case t.failed:
		// gotest passed (or never ran), but another line of the script failed.
		v := diagnose.Verdict{Status: diagnose.Fail, Kind: diagnose.Wrong, Message: scriptFailure(t.log.String())}
		if st.verdict != nil {
			v.Output = st.verdict.Output
		}
		return v, d
	case !st.ran:
		return diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the script passed without running its tests"}, d
	}
	return *st.verdict, d
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
	script   *Script
	mu       sync.Mutex
	verdict  *diagnose.Verdict
	duration time.Duration // how long its tests ran
	ran      bool
}

// runner holds what the script commands need.
type runner struct {
	ctx    context.Context
	opts   *testbin.Options
	cfg    Config
	checks map[string]*checkState
}

// setup copies the code under check into the script's $WORK and passes the
// Go environment through, offline, with a HOME inside $WORK.
func (r *runner) setup(env *testscript.Env) error {
	if err := r.cfg.Code.Write(filepath.Join(env.WorkDir, r.cfg.Package)); err != nil {
		return err
	}
	for _, kv := range r.opts.Go.Env {
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
// goroutine and keeps each script's log. The scripts themselves only read
// outcomes; the test processes they may start take job slots of their own.
type rootT struct {
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
func (t *scriptT) Parallel()       {}
func (t *scriptT) Log(args ...any) { fmt.Fprintln(&t.log, args...) }
func (t *scriptT) FailNow() {
	t.failed = true
	runtimeGoexit()
}
func (t *scriptT) Run(name string, f func(testscript.T)) { panic("scripts: nested Run") }
func (t *scriptT) Verbose() bool                         { return t.root.verbose }
func (t *scriptT) Failed() bool                          { return t.failed }
