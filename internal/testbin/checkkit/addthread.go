package checkkit

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"
)

// WithinNotStuck is Within, and it also ends the test the same way (a
// timeout at the learner's blocked lines, every goroutine dumped) as soon
// as the code under test has been stuck for stuck: every goroutine of the
// code waiting on a channel, a lock, a pipe or a process, none running (see
// Stuck). Inside a synctest bubble a goroutine waiting for a sync.Mutex is
// not durably blocked, so a lock that is held too long freezes the bubble
// instead of failing it; this finds that in stuck instead of d. Use it for
// checks whose code under test never waits for long on purpose. Call it
// before synctest.Test, from the test's own goroutine.
func WithinNotStuck(t testing.TB, d, stuck time.Duration, what string) {
	t.Helper()
	Within(t, d, what)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		if Stuck(stuck, done) {
			debug.SetTraceback("all")
			panic(fmt.Sprintf("checkkit: timed out after %v: %s", stuck, what))
		}
	}()
}
