package scripts

import (
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/testbin"
)

// TestTestTime: a test's time comes from the testing package's own end
// line, the last one before its end event (lines the code printed come
// earlier), summed over repetitions; an overrun counts as the limit; a test
// the process died in counts from its start to its end event, or to the
// process's last event.
func TestTestTime(t *testing.T) {
	const name = "Test_x_Y"
	out := func(s string) testbin.Event { return testbin.Event{Action: "output", Test: name, Output: s} }
	end := testbin.Event{Action: "pass", Test: name}
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		desc   string
		events []testbin.Event
		want   time.Duration
	}{
		{"one run", []testbin.Event{out("--- PASS: Test_x_Y (0.26s)\n"), end}, 260 * time.Millisecond},
		{"a fake line first", []testbin.Event{out("--- PASS: Test_x_Y (99.00s)\n"), out("    --- PASS: Test_x_Y (0.50s)\n"), end}, 500 * time.Millisecond},
		{"two repetitions", []testbin.Event{out("--- PASS: Test_x_Y (0.10s)\n"), end, out("--- FAIL: Test_x_Y (0.20s)\n"), {Action: "fail", Test: name}}, 300 * time.Millisecond},
		{"another test's line", []testbin.Event{out("--- PASS: Test_x_Z (1.00s)\n"), end}, 0},
		{"Elapsed given", []testbin.Event{{Action: "pass", Test: name, Elapsed: 0.75}}, 750 * time.Millisecond},
		{"the process died in it, test2json ended it", []testbin.Event{{Action: "run", Test: name, Time: t0}, out("panic: stuck\n"), {Action: "fail", Test: name, Time: t0.Add(1200 * time.Millisecond)}}, 1200 * time.Millisecond},
		{"the process died in it, no end", []testbin.Event{{Action: "run", Test: name, Time: t0}, {Action: "output", Test: name, Output: "panic: stuck\n", Time: t0.Add(2 * time.Second)}, {Action: "output", Output: "exit status 2\n", Time: t0.Add(3 * time.Second)}}, 3 * time.Second},
		{"an end line wins over the clock", []testbin.Event{{Action: "run", Test: name, Time: t0}, out("--- FAIL: Test_x_Y (0.40s)\n"), {Action: "fail", Test: name, Time: t0.Add(5 * time.Second)}}, 400 * time.Millisecond},
	} {
		if got := testTime(&testbin.Process{Events: tt.events}, name); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.desc, got, tt.want)
		}
	}
	if got := testTime(&testbin.Process{Overran: name, Limit: time.Minute}, name); got != time.Minute {
		t.Errorf("overrun: got %v, want the limit, 1m0s", got)
	}
}
