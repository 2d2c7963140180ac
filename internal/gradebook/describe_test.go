package gradebook

import (
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestProblemSaysEachThingOnce(t *testing.T) {
	cases := []struct {
		kind, msg         string
		problem, diagnose string
	}{
		{"panic", "panic: exercise-1: write Report\n  at a.go:12 in x.Report",
			"panic: exercise-1: write Report", "panic: exercise-1: write Report\n  at a.go:12 in x.Report"},
		{"race", "data race: two goroutines used the same memory\n  write: a.go:17 in x.F",
			"data race: two goroutines used the same memory", "data race: two goroutines used the same memory\n  write: a.go:17 in x.F"},
		{"timeout", "timed out: the check did not finish within 5s\nblocked in your code:",
			"timed out: the check did not finish within 5s", "timed out: the check did not finish within 5s\nblocked in your code:"},
		{"deadlock", "deadlock: every goroutine is blocked", "deadlock: every goroutine is blocked", "deadlock: every goroutine is blocked"},
		{"compile", "the code does not compile:\na.go:3:1: syntax error\na.go:9:2: undefined: mu",
			"the code does not compile: a.go:3:1: syntax error", "the code does not compile:\na.go:3:1: syntax error\na.go:9:2: undefined: mu"},
		{"wrong", "got 2, want 3", "wrong: got 2, want 3", "wrong: got 2, want 3"},
		{"wrong", "Sum mismatch (-want +got):\n  int(\n- \t6,\n+ \t5,\n  )",
			"wrong: Sum mismatch (-want +got):", "wrong: Sum mismatch (-want +got):\n  int(\n- \t6,\n+ \t5,\n  )"},
		{"leak", "", "leak", "leak"},
		{"", "", "fail", "fail"},
		{"error", "the check's tests were not found in its test binary: TestX",
			"error: the check's tests were not found in its test binary: TestX", "error: the check's tests were not found in its test binary: TestX"},
	}
	for _, c := range cases {
		ch := results.Check{Status: results.Fail, Kind: c.kind, Message: c.msg}
		if got := problem(ch); got != c.problem {
			t.Errorf("problem(%s, %.30q): got %q, want %q", c.kind, c.msg, got, c.problem)
		}
		if got := diagnosis(ch); got != c.diagnose {
			t.Errorf("diagnosis(%s, %.30q): got %q, want %q", c.kind, c.msg, got, c.diagnose)
		}
	}
}

// No format says a kind twice over, as in "panic: panic: …".
func TestGoldenSaysKindOnce(t *testing.T) {
	for _, format := range Formats {
		out, err := golden(format)
		if err != nil {
			t.Fatalf("%s: got error %v, want none", format, err)
		}
		for _, kind := range []string{"panic", "race", "timeout", "deadlock", "compile", "wrong", "error"} {
			for _, twice := range []string{kind + ": " + kind + ":", kind + ": data " + kind, kind + ": timed out", kind + ": the code does not " + kind} {
				if strings.Contains(string(out), twice) {
					t.Errorf("%s: got %q in the output, want the kind said once", format, twice)
				}
			}
		}
	}
}
