package testbin

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The checks of the shared binary: one test each, named after the check.
// A binary runs its tests in the order they are declared, whatever the
// order RunTests is given, so "after", the test to run after another, is
// last.
var sharedChecks = []check{
	{name: "pass", src: `func TestPass(t *testing.T) {
	if got := tiny.Hello(); got != "hello" {
		t.Errorf("got %q, want hello", got)
	}
}
`, tests: []string{"TestPass"}},
	{name: "fail", src: `func TestFail(t *testing.T) {
	t.Errorf("boom: %s", tiny.Hello())
}
`, tests: []string{"TestFail"}},
	{name: "sleep", imports: []string{"time"}, src: `func TestSleep(t *testing.T) {
	time.Sleep(time.Hour)
}
`, tests: []string{"TestSleep"}},
	{name: "stubborn", imports: []string{"os/signal", "syscall", "time"}, src: `func TestStubborn(t *testing.T) {
	signal.Ignore(syscall.SIGQUIT)
	time.Sleep(time.Hour)
}
`, tests: []string{"TestStubborn"}},
	{name: "leftover", imports: []string{"fmt", "os/exec"}, src: `func TestLeftover(t *testing.T) {
	cmd := exec.Command("sleep", "60") // in the test's process group
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("child pid %d\n", cmd.Process.Pid)
}
`, tests: []string{"TestLeftover"}},
	{name: "flood", imports: []string{"os", "strings"}, src: `func TestFlood(t *testing.T) {
	mib := strings.Repeat(strings.Repeat("x", 1023)+"\n", 1024)
	for range 100 {
		os.Stdout.WriteString(mib)
	}
}
`, tests: []string{"TestFlood"}},
	{name: "partial", imports: []string{"fmt", "strings"}, src: `func TestPartial(t *testing.T) {
	fmt.Print(strings.Repeat("a line\n", 1000))
	fmt.Print("and the last one without its newline")
}
`, tests: []string{"TestPartial"}},
	{name: "after", src: `func TestAfter(t *testing.T) {
	if tiny.Hello() == "" {
		t.Error("empty")
	}
}
`, tests: []string{"TestAfter"}},
}

// checkNamed is the shared check of that name.
func checkNamed(name string) check {
	for _, c := range sharedChecks {
		if c.name == name {
			return c
		}
	}
	panic("no shared check " + name)
}

var (
	sharedOnce sync.Once
	sharedBin  *Binary
	sharedErr  string
)

// shared builds, once for all the tests, the binary of sharedChecks and
// returns it with its unit.
func shared(t *testing.T) (*Binary, *Unit) {
	t.Helper()
	opts := testOptions(t, 0)
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp(scratchRoot, "shared-")
		if err != nil {
			sharedErr = err.Error()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		start := time.Now()
		bin, excluded, err := Build(ctx, opts, dir, []*Unit{tinyUnit("", tinyCode(""), sharedChecks...)})
		switch {
		case err != nil:
			sharedErr = "Build: " + err.Error()
		case len(excluded) > 0:
			sharedErr = "Build excluded " + excluded[0].Check + ":\n" + excluded[0].Output
		case bin == nil:
			sharedErr = "Build: no binary"
		}
		sharedBin = bin
		t.Logf("shared build: %v", time.Since(start).Round(time.Millisecond))
	})
	if sharedErr != "" {
		t.Fatal(sharedErr)
	}
	return sharedBin, sharedBin.Units[0]
}

func TestRunStops(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 30*time.Second)
	tests := names(u, "TestPass", "TestFail", "TestAfter")
	pass, fail, after := tests[0], tests[1], tests[2]

	t.Run("AtFailure continues in a fresh process after a failure", func(t *testing.T) {
		run := runTests(t, opts, bin, u, tests, AtFailure)
		if len(run.Processes) != 2 {
			t.Fatalf("got %d processes, want 2\n%s", len(run.Processes), describe(run))
		}
		first, second := run.Processes[0], run.Processes[1]
		if got, want := actions(first.Events), []string{"run " + pass, "pass " + pass, "run " + fail, "fail " + fail}; !slices.Equal(got, want) {
			t.Errorf("first process: got actions %v, want %v", got, want)
		}
		if got, want := actions(second.Events), []string{"run " + after, "pass " + after}; !slices.Equal(got, want) {
			t.Errorf("second process: got actions %v, want %v", got, want)
		}
		if !slices.Equal(first.Tests, tests) || !slices.Equal(second.Tests, []string{after}) {
			t.Errorf("got process tests %v and %v, want %v and [%s]", first.Tests, second.Tests, tests, after)
		}
		if first.ExitCode != 1 || second.ExitCode != 0 {
			t.Errorf("got exit codes %d and %d, want 1 and 0", first.ExitCode, second.ExitCode)
		}
		if run.By[pass] != first || run.By[fail] != first || run.By[after] != second {
			t.Errorf("got By not pass, fail → first process, after → second\n%s", describe(run))
		}
		if out := Output(first.Events, fail); !strings.Contains(out, "boom: hello") {
			t.Errorf("got the failing test's output %q, want it to hold %q", out, "boom: hello")
		}
	})

	t.Run("AtCrash runs on past a failure in one process", func(t *testing.T) {
		run := runTests(t, opts, bin, u, tests, AtCrash)
		if len(run.Processes) != 1 {
			t.Fatalf("got %d processes, want 1\n%s", len(run.Processes), describe(run))
		}
		p := run.Processes[0]
		if got, want := actions(p.Events), []string{"run " + pass, "pass " + pass, "run " + fail, "fail " + fail, "run " + after, "pass " + after}; !slices.Equal(got, want) {
			t.Errorf("got actions %v, want %v", got, want)
		}
		for _, test := range tests {
			if run.By[test] != p {
				t.Errorf("By[%s]: got process %d, want 0", test, processIndex(run, run.By[test]))
			}
		}
	})

	t.Run("a unit's Count runs each test that many times", func(t *testing.T) {
		twice := *u
		twice.Count = 2
		run := runTests(t, opts, bin, &twice, []string{pass, after}, AtFailure)
		if len(run.Processes) != 1 {
			t.Fatalf("got %d processes, want 1\n%s", len(run.Processes), describe(run))
		}
		got := actions(run.Processes[0].Events)
		for _, test := range []string{pass, after} {
			if countOf(got, "pass "+test) != 2 {
				t.Errorf("got actions %v, want %s passed twice", got, test)
			}
		}
	})

	t.Run("the scratch folder of a process is removed", func(t *testing.T) {
		own := *opts
		own.TempDir = t.TempDir()
		run := runTests(t, &own, bin, u, []string{pass}, AtFailure)
		if p := run.Processes[0]; p.ExitCode != 0 || p.Limit != 30*time.Second {
			t.Errorf("got exit %d and limit %v, want 0 and 30s", p.ExitCode, p.Limit)
		}
		left, _ := os.ReadDir(own.TempDir)
		for _, e := range left {
			if strings.HasPrefix(e.Name(), "run-") {
				t.Errorf("got scratch folder %s left behind, want it removed", e.Name())
			}
		}
	})
}

func TestRunOverrun(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	// 5s, not less: on a machine as loaded as CI's, a race-enabled binary
	// has been seen to take over 2s to reach its first test, and the gap
	// before the first test is bounded by the limit too.
	opts := testOptions(t, 5*time.Second)
	tests := names(u, "TestSleep", "TestAfter")
	sleep, after := tests[0], tests[1]

	start := time.Now()
	run := runTests(t, opts, bin, u, tests, AtFailure)
	t.Logf("took %v", time.Since(start).Round(time.Millisecond))
	if len(run.Processes) != 2 {
		t.Fatalf("got %d processes, want 2\n%s", len(run.Processes), describe(run))
	}
	p := run.Processes[0]
	if p.Overran != sleep {
		t.Errorf("got Overran %q, want %q\n%s", p.Overran, sleep, describe(run))
	}
	if p.Duration < 5*time.Second || p.Duration > 15*time.Second {
		t.Errorf("got the overrunning process ended after %v, want a little over its 5s limit", p.Duration)
	}
	out := Output(p.Events, sleep)
	for _, want := range []string{"SIGQUIT", "goroutine ", "TestSleep("} {
		if !strings.Contains(out, want) {
			t.Errorf("got output of %s without %q, want the goroutine dump:\n%s", sleep, want, show(out))
		}
	}
	if run.By[sleep] != p || run.By[after] != run.Processes[1] {
		t.Errorf("got By not sleep → first, after → second\n%s", describe(run))
	}
	if got := lastAction(run.Processes[1].Events, after); got != "pass" {
		t.Errorf("got the test after the overrun %q, want pass", got)
	}
}

func TestRunKillsWhatIgnoresSIGQUIT(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 5*time.Second) // see TestRunOverrun
	tests := names(u, "TestStubborn", "TestAfter")
	stubborn, after := tests[0], tests[1]

	run := runTests(t, opts, bin, u, tests, AtFailure)
	if len(run.Processes) != 2 {
		t.Fatalf("got %d processes, want 2\n%s", len(run.Processes), describe(run))
	}
	p := run.Processes[0]
	if p.Overran != stubborn || p.ExitCode != -1 {
		t.Errorf("got Overran %q and exit %d, want %q and -1 (killed)", p.Overran, p.ExitCode, stubborn)
	}
	// 5s limit, 3s grace after SIGQUIT, then SIGKILL.
	if p.Duration < 8*time.Second || p.Duration > 16*time.Second {
		t.Errorf("got the process ended after %v, want about 8s (limit and SIGQUIT grace)", p.Duration)
	}
	if got := lastAction(run.Processes[1].Events, after); got != "pass" {
		t.Errorf("got the test after it %q, want pass", got)
	}
}

func TestRunLeftover(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 30*time.Second)
	test := u.TestName("TestLeftover")

	run := runTests(t, opts, bin, u, []string{test}, AtFailure)
	p := run.Processes[0]
	if !p.Leftover {
		t.Errorf("got Leftover false, want true\n%s", describe(run))
	}
	if got := lastAction(p.Events, test); got != "pass" || p.ExitCode != 0 {
		t.Errorf("got %q and exit %d, want pass and 0", got, p.ExitCode)
	}
	if p.Duration > 10*time.Second {
		t.Errorf("got the run took %v, want it not to wait for the child's 60s", p.Duration)
	}
	m := regexp.MustCompile(`child pid (\d+)`).FindStringSubmatch(Output(p.Events, test))
	if m == nil {
		t.Fatalf("got no child pid in the output %q", Output(p.Events, test))
	}
	pid, _ := strconv.Atoi(m[1])
	// Killed, it may linger a moment as a zombie until its new parent reaps it.
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("got child %d (sleep 60) still running after the run, want it killed", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// alive reports whether pid is a process that is neither gone nor a zombie.
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

func TestRunFlood(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 30*time.Second)
	tests := names(u, "TestFlood", "TestAfter")
	flood, after := tests[0], tests[1]

	run := runTests(t, opts, bin, u, tests, AtFailure)
	if len(run.Processes) != 2 {
		t.Fatalf("got %d processes, want 2\n%s", len(run.Processes), describe(run))
	}
	p := run.Processes[0]
	if !p.Flooded || !p.Truncated || p.ExitCode != -1 {
		t.Errorf("got Flooded %v, Truncated %v, exit %d; want true, true, -1\n%s", p.Flooded, p.Truncated, p.ExitCode, describe(run))
	}
	if p.Duration > 10*time.Second {
		t.Errorf("got the flooding process killed after %v, want quickly", p.Duration)
	}
	if got := lastAction(p.Events, flood); got != "run" {
		t.Errorf("got the flooding test's last action %q, want run (killed before it ended)", got)
	}
	out := Output(p.Events, "")
	if n := strings.Count(out, dropLine); n != 1 {
		t.Errorf("got the drop marker %d times, want once", n)
	}
	if len(out) > DefaultOutputLimit+(128<<10) {
		t.Errorf("got %d bytes of output kept, want about the %d of the limit", len(out), DefaultOutputLimit)
	}
	if got := lastAction(run.Processes[1].Events, after); got != "pass" {
		t.Errorf("got the test after the flood %q, want pass", got)
	}
}

// TestRunPartialLinePastLimit: a test that prints past the output limit
// and does not end its last line must still be seen to pass.
func TestRunPartialLinePastLimit(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 30*time.Second)
	opts.OutputLimit = 1024
	tests := names(u, "TestPartial", "TestAfter")
	partial, after := tests[0], tests[1]

	run := runTests(t, opts, bin, u, tests, AtFailure)
	p := run.Processes[0]
	if got := lastAction(p.Events, partial); got != "pass" {
		t.Errorf("got %s's last action %q, want pass\n%s", partial, got, describe(run))
	}
	if got := lastAction(run.By[after].Events, after); got != "pass" {
		t.Errorf("got %s's last action %q, want pass", after, got)
	}
	if !p.Truncated {
		t.Errorf("got Truncated false, want true")
	}
}

func TestRunPanicInInit(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	u := tinyUnit("", tinyCode("\nfunc init() { panic(\"init went wrong\") }\n"), checkNamed("pass"), checkNamed("after"))
	bin, excluded := build(t, opts, u)
	if bin == nil || len(excluded) > 0 {
		t.Fatalf("got binary %v and exclusions %v, want a binary and none", bin, excluded)
	}
	tests := names(u, "TestPass", "TestAfter")
	run := runTests(t, opts, bin, u, tests, AtFailure)
	if len(run.Processes) != 1 {
		t.Fatalf("got %d processes, want 1 (no test ever starts)\n%s", len(run.Processes), describe(run))
	}
	p := run.Processes[0]
	for _, test := range tests {
		if run.By[test] != p {
			t.Errorf("By[%s]: got process %d, want 0", test, processIndex(run, run.By[test]))
		}
	}
	if p.ExitCode == 0 {
		t.Errorf("got exit 0, want the crash of a panic")
	}
	if out := Output(p.Events, ""); !strings.Contains(out, "panic: init went wrong") {
		t.Errorf("got output %s, want the panic", show(out))
	}
}

// TestRunHangInInit: the process is bounded from its start, not only
// from a test's start: code that never returns from an init is stopped like
// a test that overruns, once startLimit (at least its time limit) has
// passed; a start that is only slow (a loaded machine, a 2s limit) is not.
func TestRunHangInInit(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 2*time.Second)
	for _, tc := range []struct {
		name  string
		sleep string
		hangs bool
	}{
		{"hangs", "time.Hour", true},
		{"slow", "3 * time.Second", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := tinyUnit("", tinyCode("\nimport \"time\"\n\nfunc init() { time.Sleep("+tc.sleep+") }\n"), checkNamed("pass"))
			bin, excluded := build(t, opts, u)
			if bin == nil {
				t.Fatalf("got no binary: %v", excluded)
			}
			ctx, cancel := context.WithTimeout(context.Background(), startLimit+30*time.Second)
			defer cancel()
			start := time.Now()
			run, err := RunTests(ctx, opts, bin, u, names(u, "TestPass"), AtFailure)
			if err != nil {
				t.Fatalf("RunTests: got error %v after %v", err, time.Since(start).Round(time.Millisecond))
			}
			p, took := run.Processes[0], time.Since(start)
			if !tc.hangs {
				if got := lastAction(p.Events, u.TestName("TestPass")); got != "pass" || p.Stalled {
					t.Errorf("an init that takes 3s under a 2s limit: got %s (stalled %v), want pass\n%s", got, p.Stalled, describe(run))
				}
				return
			}
			if p.ExitCode == 0 || !p.Stalled || p.Waited != startLimit {
				t.Errorf("got exit %d, stalled %v after %v; want the process stopped as stalled after %v", p.ExitCode, p.Stalled, p.Waited, startLimit)
			}
			if took < startLimit || took > startLimit+10*time.Second {
				t.Errorf("got RunTests back after %v, want near the start limit %v", took, startLimit)
			}
		})
	}
}

// TestRunFakeFramingInInit: test2json takes unmarked lines as framing
// until it has seen the first ^V-marked one, so the runner must not let
// what the code prints before the first test pass for the tests' events.
func TestRunFakeFramingInInit(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	code := tinyCode(`
import (
	"fmt"
	"os"
)

func init() {
	fmt.Print("=== RUN   Test_tiny_Fail\n--- PASS: Test_tiny_Fail (0.00s)\nPASS\n")
	os.Exit(0)
}
`)
	u := tinyUnit("", code, checkNamed("fail"))
	bin, excluded := build(t, opts, u)
	if bin == nil {
		t.Fatalf("got no binary: %v", excluded)
	}
	test := u.TestName("TestFail")
	run := runTests(t, opts, bin, u, []string{test}, AtFailure)
	p := run.By[test]
	if got := actions(p.Events); len(got) != 0 {
		t.Errorf("got actions %v from a process whose tests never started, want none", got)
	}
}

// countOf is how many times s is in list.
func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestRunCountInARow: RunTests and Unit.Count say each test runs Count
// times in a row.
func TestRunCountRepeatsTheList(t *testing.T) {
	t.Parallel()
	bin, u := shared(t)
	opts := testOptions(t, 30*time.Second)
	twice := *u
	twice.Count = 2
	tests := names(u, "TestPass", "TestAfter")
	pass, after := tests[0], tests[1]
	run := runTests(t, opts, bin, &twice, tests, AtFailure)
	got := actions(run.Processes[0].Events)
	// -test.count repeats the whole list, as RunTests says.
	want := []string{"run " + pass, "pass " + pass, "run " + after, "pass " + after, "run " + pass, "pass " + pass, "run " + after, "pass " + after}
	if !slices.Equal(got, want) {
		t.Errorf("got actions %v, want %v", got, want)
	}
}
