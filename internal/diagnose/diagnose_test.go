package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/testbin"
)

var paths = Paths{Package: "resource", Display: "exercises/resource"}

func TestParseGoroutines(t *testing.T) {
	dump := "goroutine 7 [chan send (durable), synctest bubble 1]:\n" +
		"check/resource.(*Resource).DoSomething(0xc0000a)\n\tcheck/resource/resource.go:17 +0x44\n" +
		"created by check/resource_test.TestX in goroutine 6\n\tcheck/resource/x_test.go:9 +0x1\n\n" +
		"goroutine 5 gp=0xc000009a40 m=nil [runnable]:\nruntime.asyncPreempt2()\n\truntime/preempt.go:320 +0x14 fp=0x1 sp=0x2 pc=0x3\n"
	gs := parseGoroutines(dump)
	if len(gs) != 2 {
		t.Fatalf("got %d goroutines; want 2", len(gs))
	}
	if gs[0].ID != 7 || gs[0].State != "chan send" || len(gs[0].Frames) != 1 || gs[0].Frames[0].Line != 17 {
		t.Errorf("got %+v; want goroutine 7 in chan send with one frame at line 17", gs[0])
	}
	if gs[1].State != "runnable" || len(gs[1].Frames) != 1 {
		t.Errorf("got %+v; want a runnable goroutine with one frame", gs[1])
	}
}

func TestLearnerFile(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"check/resource/resource.go", "exercises/resource/resource.go", true},
		{"resource/lock.go", "exercises/resource/lock.go", true},
		{"check/resource/x_test.go", "", false},
		{"check/checks/resource/x_check.go", "", false},
		{"check/w3/resource/resource.go", "", false},
		{"check/checkkit/child.go", "", false},
		{"runtime/proc.go", "", false},
	}
	for _, tc := range cases {
		got, ok := paths.learnerFile(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("learnerFile(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCheckKinds(t *testing.T) {
	out := func(test, text string) []testbin.Event {
		return []testbin.Event{{Action: "run", Test: test}, {Action: "output", Test: test, Output: text}, {Action: "fail", Test: test}}
	}
	cases := []struct {
		name   string
		events []testbin.Event
		exit   int
		want   Kind
	}{
		{"race", out("TestA", "WARNING: DATA RACE\nWrite at 0x1 by goroutine 8:\n  check/resource.Do()\n      check/resource/resource.go:17 +0x4\n"), 1, Race},
		{"claimed", append(out("TestA", "    a_test.go:3: ran in turn\n"), testbin.Event{Action: "attr", Test: "TestA", Key: "checkkit.kind", Value: "sequential"}), 1, Sequential},
		{"synctest deadlock", out("TestA", "panic: deadlock: all goroutines in bubble are blocked\n"), 2, Deadlock},
		{"synctest leak", out("TestA", "panic: deadlock: main bubble goroutine has exited but blocked goroutines remain\n"), 2, Leak},
		{"panic", out("TestA", "panic: boom\n\ngoroutine 6 [running]:\ncheck/resource.Do()\n\tcheck/resource/resource.go:9 +0x1\n"), 2, Panic},
		{"wrong", out("TestA", "    a_test.go:3: mismatch (-want +got)\n"), 1, Wrong},
		{"ended early", []testbin.Event{{Action: "run", Test: "TestA"}}, 0, Panic},
	}
	for _, tc := range cases {
		v := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: tc.events, ExitCode: tc.exit}, paths)
		if v.Status != Fail || v.Kind != tc.want {
			t.Errorf("%s: got %s %s (%s); want fail %s", tc.name, v.Status, v.Kind, v.Message, tc.want)
		}
	}
	passed := []testbin.Event{{Action: "run", Test: "TestA"}, {Action: "pass", Test: "TestA"}}
	okA := map[string]*testbin.Tally{"TestA": {Pass: 1}}
	pass := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed, Results: okA}, paths)
	if pass.Status != Pass {
		t.Errorf("clean pass: got %s %s; want pass", pass.Status, pass.Kind)
	}
	fake := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed, Results: map[string]*testbin.Tally{"TestA": {Fail: 1}}, ExitCode: 1}, paths)
	if fake.Status != Fail || fake.Kind != Wrong || !strings.Contains(fake.Message, "printed test results count for nothing") {
		t.Errorf("a pass event the results deny: got %s %s %q; want fail wrong, saying the printed results count for nothing", fake.Status, fake.Kind, fake.Message)
	}
	if v := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed}, paths); v.Status == Pass {
		t.Errorf("a pass event with no result reported: got pass, want a failure")
	}
	if v := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed, Results: okA, Tampered: "a line that is not a result"}, paths); v.Status != Fail {
		t.Errorf("a tampered results channel: got %s, want fail", v.Status)
	}
	if v := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Stalled: true, ExitCode: -1}, paths); v.Kind != Timeout || !strings.Contains(v.Message, "init") {
		t.Errorf("a process stopped before its first test: got %s %q, want timeout about an init", v.Kind, v.Message)
	}
	// It says how long the runner waited (testbin.Process.Waited).
	stalled := &testbin.Process{Tests: []string{"TestA"}, Stalled: true, Waited: 15 * time.Second, ExitCode: -1, Limit: 3 * time.Second}
	if v := Test("TestA", stalled, paths); !strings.Contains(v.Message, "within 15s") {
		t.Errorf("a stalled process says %q; want it to say it waited 15s", v.Message)
	}
	left := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed, Results: okA, Leftover: true}, paths)
	if left.Kind != Leak {
		t.Errorf("leftover processes: got %s %s; want fail leak", left.Status, left.Kind)
	}
	over := Test("TestA", &testbin.Process{Tests: []string{"TestA"}, Events: passed[:1], Overran: "TestA", ExitCode: 2}, paths)
	if over.Kind != Timeout {
		t.Errorf("a test over its limit: got %s %s; want fail timeout", over.Status, over.Kind)
	}
	// In a process of several tests, one that passed keeps its pass when a
	// later one fails.
	two := append(append([]testbin.Event{}, passed...), testbin.Event{Action: "run", Test: "TestB"}, testbin.Event{Action: "output", Test: "TestB", Output: "    b_check.go:3: wrong\n"}, testbin.Event{Action: "fail", Test: "TestB"})
	twoResults := map[string]*testbin.Tally{"TestA": {Pass: 1}, "TestB": {Fail: 1}}
	if v := Test("TestA", &testbin.Process{Tests: []string{"TestA", "TestB"}, Events: two, Results: twoResults, ExitCode: 1}, paths); v.Status != Pass {
		t.Errorf("a pass before a failure: got %s %s; want pass", v.Status, v.Kind)
	}
	if v := Test("TestB", &testbin.Process{Tests: []string{"TestA", "TestB"}, Events: two, Results: twoResults, ExitCode: 1}, paths); v.Kind != Wrong || v.Message != "wrong" {
		t.Errorf("a failure after a pass: got %s %s %q; want fail wrong \"wrong\"", v.Status, v.Kind, v.Message)
	}
}

func TestCompileFailure(t *testing.T) {
	v := CompileFailure("# check/resource\nresource/resource.go:12:2: undefined: x\nchecks/resource/a_check.go:5:3: undefined: resource.Pause\n", paths)
	if v.Kind != Compile || v.File != "exercises/resource/resource.go" || v.Line != 12 {
		t.Errorf("got %s at %s:%d; want compile at exercises/resource/resource.go:12", v.Kind, v.File, v.Line)
	}
	if !strings.Contains(v.Message, "no resource.Pause") {
		t.Errorf("got message %q; want it to name the missing resource.Pause", v.Message)
	}
}

func TestMessageFileLines(t *testing.T) {
	cases := []struct {
		msg, wantMsg, wantFile string
		wantLine               int
	}{
		{"resource.go:15: time.Tick is never stopped", "exercises/resource/resource.go:15: time.Tick is never stopped", "exercises/resource/resource.go", 15},
		{"see (lock.go:3) and resource.go:9", "see (exercises/resource/lock.go:3) and exercises/resource/resource.go:9", "exercises/resource/lock.go", 3},
		{"x_test.go:4: the check's own line", "x_test.go:4: the check's own line", "", 0},
		{"at exercises/resource/resource.go:7 already mapped", "at exercises/resource/resource.go:7 already mapped", "", 0},
		{"no file here", "no file here", "", 0},
	}
	for _, tc := range cases {
		v := Verdict{Message: tc.msg}
		messageFileLines(&v, paths)
		if v.Message != tc.wantMsg || v.File != tc.wantFile || v.Line != tc.wantLine {
			t.Errorf("messageFileLines(%q): got %q at %s:%d; want %q at %s:%d", tc.msg, v.Message, v.File, v.Line, tc.wantMsg, tc.wantFile, tc.wantLine)
		}
	}
}

func TestFuncLine(t *testing.T) {
	cases := map[string]string{
		"check/resource.(*Resource).DoSomething(0xc000012345, {0x5, 0x6})": "check/resource.(*Resource).DoSomething",
		"  check/resource.(*Resource).Data()":                              "check/resource.(*Resource).Data",
		"testing.tRunner.func1.2({0x784ca0, 0x7f12f0})":                    "testing.tRunner.func1.2",
		"panic({0x784ca0?, 0x7f12f0?})":                                    "panic",
	}
	for line, want := range cases {
		m := funcLine.FindStringSubmatch(line)
		if m == nil || m[1] != want {
			t.Errorf("funcLine on %q: got %v; want %q", line, m, want)
		}
	}
}

func TestRaceWithoutStack(t *testing.T) {
	report := "==================\nWARNING: DATA RACE\n" +
		"Read at 0x00c000012345 by goroutine 8:\n  check/checks/resource.TestA()\n      check/checks/resource/a_check.go:20 +0x4\n\n" +
		"Previous write at 0x00c000012345 by goroutine 9:\n  [failed to restore the stack]\n\n" +
		"Goroutine 8 (running) created at:\n  testing.(*T).Run()\n      /go/src/testing/testing.go:1900 +0x1\n\n" +
		"Goroutine 9 (finished) created at:\n  check/resource.(*Resource).Start()\n      check/resource/resource.go:31 +0x9\n" +
		"==================\n"
	v := Verdict{}
	diagnoseRace(&v, report, paths)
	if v.File != "exercises/resource/resource.go" || v.Line != 31 {
		t.Errorf("got the race at %s:%d; want it at exercises/resource/resource.go:31, where the goroutine with no stack started", v.File, v.Line)
	}
	for _, want := range []string{
		"read by goroutine 8: (check) a_test.go:20 in check.TestA (the check's code)",
		"previous write by goroutine 9: in a goroutine started at exercises/resource/resource.go:31 in ",
	} {
		if !strings.Contains(v.Message, want) {
			t.Errorf("got message %q; want it to hold %q", v.Message, want)
		}
	}
}
