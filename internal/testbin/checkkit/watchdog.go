package checkkit

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"
)

// Within bounds, by the wall clock, work that testing/synctest cannot see as
// blocked (a goroutine waiting for a sync.Mutex, a child process, a busy
// loop). If the test has not finished d after the call, the test binary
// stops with a panic that names what was waited for and dumps every
// goroutine, which the checker reports as a timeout at the learner's lines.
//
// what completes "waited D for ...": say what should have happened, as in
// "RunAll to return".
//
// Call it from the test's own goroutine before entering a synctest bubble:
// inside a bubble the clock is fake.
func Within(t testing.TB, d time.Duration, what string) {
	t.Helper()
	timer := time.AfterFunc(d, func() {
		debug.SetTraceback("all")
		panic(fmt.Sprintf("checkkit: timed out after %v: %s", d, what))
	})
	t.Cleanup(func() { timer.Stop() })
}
