package scripts

import (
	"flag"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/rogpeppe/go-internal/testscript"
)

func runtimeGoexit() { runtime.Goexit() }

// Usage lines of the checker's own script commands, the one place they
// are registered (see Commands).
var Usage = map[string]string{
	"gotest": "gotest [-run REGEXP]: run this script's Go tests (race detector on) against the code under check; fails unless every one ran and passed",
}

// Commands returns the checker's script commands.
func Commands(r *runner) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"gotest": r.gotest,
	}
}

// gotest records the diagnosis of the script's tests and fails the script
// unless every one passed.
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
			ts.Fatalf("usage: %s (-run %s matches none of %s)", Usage["gotest"], *runExpr, strings.Join(tests, ", "))
		}
		tests = keep
	}
	v, d := r.verdict(st.script.Name, tests)
	st.mu.Lock()
	st.ran = true
	st.duration += d
	if st.verdict == nil || st.verdict.Status == diagnose.Pass {
		st.verdict = &v
	}
	st.mu.Unlock()
	if r.opts.Verbose || v.Status != diagnose.Pass {
		ts.Logf("%s", v.Output)
	}
	if v.Status != diagnose.Pass {
		first, _, _ := strings.Cut(v.Message, "\n")
		ts.Fatalf("%s: %s", v.Kind, first)
	}
}

// verdict diagnoses the tests of check name, each from the process that
// ran it, and returns the first failure (the others said after it), or a
// pass; and how long the tests ran.
func (r *runner) verdict(name string, tests []string) (diagnose.Verdict, time.Duration) {
	if v, ok := r.cfg.Excluded[name]; ok {
		return v, 0
	}
	if v, ok := r.cfg.Excluded[""]; ok {
		return v, 0
	}
	if r.cfg.Shared == nil {
		return diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the check's tests were not built"}, 0
	}
	var first *diagnose.Verdict
	var others []string
	var total time.Duration
	for _, t := range tests {
		bin := r.cfg.Unit.TestName(t)
		p := r.cfg.Shared.By[bin]
		if p == nil {
			if first != nil && first.Status == diagnose.Fail {
				break // the run stopped at this check's own failure
			}
			v := diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the check's test " + t + " did not run (an earlier check failed, and this run stops at the first failure)"}
			return v, total
		}
		if p.Leftover && len(p.Tests) > 1 && passed(p, bin) {
			// Processes outlived the run: find out alone whose they were.
			alone, err := testbin.RunTests(r.ctx, r.opts, r.cfg.Binary, r.cfg.Unit, []string{bin}, testbin.AtFailure)
			if err != nil {
				return diagnose.Verdict{Status: diagnose.ErrStatus, Kind: diagnose.Error, Message: "the checker could not run the check: " + err.Error()}, total
			}
			p = alone.By[bin]
		}
		total += testTime(p, bin)
		v := diagnose.Test(bin, p, r.cfg.Paths)
		switch {
		case first == nil:
			first = &v
		case v.Status != diagnose.Pass && first.Status == diagnose.Pass:
			first = &v
		case v.Status != diagnose.Pass:
			line, _, _ := strings.Cut(v.Message, "\n")
			others = append(others, string(v.Kind)+": "+line)
		}
	}
	if len(others) > 0 {
		first.Message += "\nother tests of this check failed too:\n  " + strings.Join(others, "\n  ")
	}
	return *first, total
}

// passed reports whether test passed in p.
func passed(p *testbin.Process, test string) bool {
	last := ""
	for _, ev := range p.Events {
		if ev.Test == test && ev.Action != "output" && ev.Action != "attr" {
			last = ev.Action
		}
	}
	return last == "pass"
}

// testTime is how long test ran in p: the sum of its repetitions, or the
// time limit when it overran.
func testTime(p *testbin.Process, test string) time.Duration {
	if p.Overran == test {
		return p.Limit
	}
	var d, said time.Duration
	var runAt, last time.Time // when the test started (while it runs), the last event seen
	for _, ev := range p.Events {
		if !ev.Time.IsZero() {
			last = ev.Time
		}
		if ev.Test != test {
			continue
		}
		switch ev.Action {
		case "run":
			runAt = ev.Time
		case "output":
			// test2json (Go 1.26) leaves Elapsed out of a test's events:
			// the time is in the framing line just before its end. Lines
			// the code printed come earlier, so the last one counts.
			if m := endLine.FindStringSubmatch(ev.Output); m != nil && m[1] == test {
				secs, _ := strconv.ParseFloat(m[2], 64)
				said = time.Duration(secs * float64(time.Second))
			}
		case "pass", "fail":
			if ev.Elapsed > 0 {
				said = time.Duration(ev.Elapsed * float64(time.Second))
			}
			if said == 0 && !runAt.IsZero() && ev.Time.After(runAt) {
				// No end line: the process died inside the test (a
				// watchdog's panic, say), and test2json ended it.
				said = ev.Time.Sub(runAt)
			}
			d += said
			said, runAt = 0, time.Time{}
		}
	}
	if !runAt.IsZero() && last.After(runAt) {
		d += last.Sub(runAt) // it never ended: the process died in it
	}
	return d
}

// endLine is the line in which the testing package ends a test:
// "--- PASS: NAME (0.26s)".
var endLine = regexp.MustCompile(`^\s*--- (?:PASS|FAIL|SKIP): (\S+) \(([0-9.]+)s\)\n?$`)
