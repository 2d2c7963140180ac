package scripts

import (
	"flag"
	"io"
	"regexp"
	"runtime"
	"strings"

	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/rogpeppe/go-internal/testscript"
)

func runtimeGoexit() { runtime.Goexit() }

// Usage lines of the checker's own script commands.
var Usage = map[string]string{
	"gotest": "gotest [-run REGEXP]: run this script's Go tests (race detector on) against the target; fails unless every one ran and passed",
}

// Commands returns the checker's script commands, all registered here.
func Commands(r *runner) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"gotest": r.gotest,
	}
}

// gotest runs the script's tests from the shared binary and records the
// diagnosis of the check.
func (r *runner) gotest(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: %s (it cannot be negated)", Usage["gotest"])
	}
	fs := flag.NewFlagSet("gotest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runExpr := fs.String("run", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		ts.Fatalf("usage: %s", Usage["gotest"])
	}
	st := r.checks[ts.Name()]
	if st == nil {
		ts.Fatalf("gotest: unknown script %s", ts.Name())
	}
	tests := st.script.Tests
	if *runExpr != "" {
		re, err := regexp.Compile(*runExpr)
		if err != nil {
			ts.Fatalf("gotest: bad -run: %v", err)
		}
		var keep []string
		for _, t := range tests {
			if re.MatchString(t) {
				keep = append(keep, t)
			}
		}
		if len(keep) == 0 {
			ts.Fatalf("gotest: -run %s matches none of %s", *runExpr, strings.Join(tests, ", "))
		}
		tests = keep
	}
	v, err := r.runTests(ts.MkAbs("."), tests)
	if err != nil {
		v = diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the checker could not run the check: " + err.Error()}
	}
	st.mu.Lock()
	st.ran = true
	if st.verdict == nil || st.verdict.Status == diagnose.Pass {
		st.verdict = &v
	}
	st.mu.Unlock()
	if r.cfg.Verbose || v.Status != diagnose.Pass {
		ts.Logf("%s", v.Output)
	}
	if v.Status != diagnose.Pass {
		first, _, _ := strings.Cut(v.Message, "\n")
		ts.Fatalf("%s: %s", v.Kind, first)
	}
}

// fromShared returns the verdict for tests from the shared run of every
// check, when that run settles it. Passes are trusted only from an orderly
// run: every test reported, no crash, no race, nothing left behind. In a
// run that crashed or raced, one check may have spoiled another (the race
// detector reports a racing pair once per process, a panic ends every test
// after it). Failures always run again alone, so that each is diagnosed
// from its own process. The exception is the test that was running when the
// run hit its time limit, with no race before it: that one timed out.
// Otherwise ok is false and the tests run again in a process of their own.
func (r *runner) fromShared(tests []string) (v diagnose.Verdict, ok bool) {
	sh := r.shared
	if sh == nil || sh.Flooded {
		return v, false
	}
	clean := sh.ExitCode == 0 && !sh.Killed && !sh.Leftover
	raced := strings.Contains(testbin.Output(sh.Events, ""), "WARNING: DATA RACE")
	mine := map[string]bool{}
	for _, t := range tests {
		mine[t] = true
	}
	last := map[string]string{}
	failedOnce := map[string]bool{}
	running := ""
	sub := &testbin.Result{Limit: sh.Limit, Duration: sh.Duration}
	for _, ev := range sh.Events {
		top, _, _ := strings.Cut(ev.Test, "/")
		if ev.Test == top && top != "" && ev.Action != "output" && ev.Action != "attr" {
			last[top] = ev.Action
			if ev.Action == "fail" {
				failedOnce[top] = true // with -count, a later pass does not undo it
			}
			if ev.Action == "run" {
				running = top
			}
		}
		if mine[top] {
			sub.Events = append(sub.Events, ev)
		}
	}
	allPassed := true
	for _, t := range tests {
		if last[t] != "pass" || failedOnce[t] {
			allPassed = false
		}
	}
	orderly := !sh.Killed && !sh.Leftover && !raced && (sh.ExitCode == 0 || sh.ExitCode == 1)
	for _, s := range r.cfg.Scripts {
		for _, t := range s.Tests {
			if a := last[t]; a != "pass" && a != "fail" {
				orderly = false
			}
		}
	}
	switch {
	case (clean || orderly) && allPassed:
		return diagnose.Check(tests, sub, r.paths), true
	case sh.Killed && !raced && mine[running] && last[running] == "run":
		sub.Killed, sub.ExitCode, sub.Leftover = true, -1, sh.Leftover
		return diagnose.Check(tests, sub, r.paths), true
	case !raced && mine[running] && last[running] == "run" &&
		strings.Contains(testbin.Output(sh.Events, ""), "panic: checkkit: timed out after"):
		// The check's own wall-clock limit (checkkit.Within) ended the
		// run in this test: running it again would only wait as long.
		sub.ExitCode, sub.Leftover = sh.ExitCode, sh.Leftover
		return diagnose.Check(tests, sub, r.paths), true
	}
	return v, false
}

// runTests runs tests in dir. When the binary dies part-way (a panic ends
// every test after it), the tests it never reported run again in a fresh
// process, so each is reported; the first failure is the verdict.
func (r *runner) runTests(dir string, tests []string) (diagnose.Verdict, error) {
	if v, ok := r.fromShared(tests); ok {
		return v, nil
	}
	var first *diagnose.Verdict
	var others []string
	remaining := tests
	for len(remaining) > 0 {
		res, err := testbin.Run(r.ctx, testbin.RunConfig{
			Binary: r.bin, Tests: remaining, Dir: dir, Count: r.cfg.Count,
			Timeout: r.cfg.Timeout, Go: r.cfg.Go,
		})
		if err != nil {
			return diagnose.Verdict{}, err
		}
		v := diagnose.Check(remaining, res, r.paths)
		reported := reportedTests(res)
		if first == nil {
			first = &v
		} else if v.Status != diagnose.Pass {
			line, _, _ := strings.Cut(v.Message, "\n")
			if !strings.HasPrefix(line, string(v.Kind)+":") {
				line = string(v.Kind) + ": " + line
			}
			others = append(others, line)
		}
		var next []string
		for _, t := range remaining {
			if !reported[t] {
				next = append(next, t)
			}
		}
		if len(next) == len(remaining) || v.Status == diagnose.Pass {
			break
		}
		remaining = next
	}
	if len(others) > 0 {
		first.Message += "\nother tests of this check, run again after that:\n  " + strings.Join(others, "\n  ")
	}
	return *first, nil
}

// reportedTests lists the tests that started: those that ended, and the one
// that was running when the binary died.
func reportedTests(res *testbin.Result) map[string]bool {
	done := map[string]bool{}
	for _, ev := range res.Events {
		if ev.Test != "" && !strings.Contains(ev.Test, "/") && ev.Action == "run" {
			done[ev.Test] = true
		}
	}
	return done
}
