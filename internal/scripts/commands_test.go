package scripts

import (
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/testbin"
)

// TestTestTime: a test's time comes from the testing package's own end
// line, the last one before its end event (lines the code printed come
// earlier), summed over repetitions; an overrun counts as the limit.
func TestTestTime(t *testing.T) {
	const name = "Test_x_Y"
	out := func(s string) testbin.Event { return testbin.Event{Action: "output", Test: name, Output: s} }
	end := testbin.Event{Action: "pass", Test: name}
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
	} {
		if got := testTime(&testbin.Process{Events: tt.events}, name); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.desc, got, tt.want)
		}
	}
	if got := testTime(&testbin.Process{Overran: name, Limit: time.Minute}, name); got != time.Minute {
		t.Errorf("overrun: got %v, want the limit, 1m0s", got)
	}
}
