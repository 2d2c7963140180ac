package checkkit

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// StuckFor is how long the code under check must stay stuck, at every poll
// of that while (ten in a row), before Within ends a check as a deadlock.
const StuckFor = time.Second

// Within bounds the test, by the wall clock, in two ways that
// testing/synctest cannot (a goroutine waiting for a sync.Mutex, a child
// process, a busy loop):
//
//   - once the code under check has been stuck for StuckFor (every one of
//     its goroutines waiting on a channel, a lock, a pipe or a process, none
//     running or sleeping, and no child process at work: see Stuck), the
//     test binary stops with a panic the checker reports as a deadlock,
//     with the goroutines that wait, at the learner's lines: a lock that is
//     never released is reported in seconds;
//   - if the test has not finished d after the call, it stops with a panic
//     the checker reports as a timeout (a loop that never ends).
//
// Either way every goroutine is dumped. what completes "waited D for ...":
// say what should have happened, as in "RunAll to return".
//
// Call it from the test's own goroutine before entering a synctest bubble:
// inside a bubble the clock is fake.
func Within(t testing.TB, d time.Duration, what string) {
	t.Helper()
	WithinNotStuck(t, d, StuckFor, what)
}

// WithinNotStuck is Within with a stuck time of its own.
func WithinNotStuck(t testing.TB, d, stuck time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	timer := time.AfterFunc(d, func() {
		// Out of time. Code that is stuck now, at a few polls in a row, is
		// a deadlock however few polls a busy machine let the watch below
		// make: it would have waited for ever, not just too long.
		if stuckNow(done) {
			stuckFor(stuck, what)
		}
		select {
		case <-done:
			return
		default:
		}
		TimedOut(d, what)
	})
	t.Cleanup(func() {
		timer.Stop()
		close(done)
	})
	go func() {
		if Stuck(stuck, done) {
			stuckFor(stuck, what)
		}
	}()
}

// WithinNotBusy is WithinNotStuck, and it also ends the check as a timeout
// once a goroutine of the code under check has been seen running (or ready
// to run), never waiting, at every poll for busy: a loop that never
// blocks. Use it only where the code's work between two waits is tiny (a
// daemon's tick on the fake clock), so that running that long can only
// mean a spin, and the check need not wait out d for it.
func WithinNotBusy(t testing.TB, d, stuck, busy time.Duration, what string) {
	t.Helper()
	WithinNotStuck(t, d, stuck, what)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		if Watch(busy, done, busyAtPoll) {
			TimedOut(busy, what)
		}
	}()
}

// busyAtPoll reports whether a goroutine of the code under check runs, or
// is ready to, now.
func busyAtPoll() bool {
	for _, g := range CodeGoroutines() {
		switch g.State {
		case "running", "runnable", "preempted":
			return true
		}
	}
	return false
}

// stuckNow reports whether the code under check is stuck at three polls in
// a row (false as soon as done is closed).
func stuckNow(done <-chan struct{}) bool {
	for i := range 3 {
		if i > 0 {
			select {
			case <-done:
				return false
			case <-time.After(pollEvery):
			}
		}
		if !stuckAtPoll() {
			return false
		}
	}
	return true
}

// stuckFor stops the test binary with the panic the checker reads as a
// deadlock of the code under check.
func stuckFor(d time.Duration, what string) {
	debug.SetTraceback("all")
	panic(fmt.Sprintf("%s %v: %s", protocol.Stuck, d, what))
}

// TimedOut stops the test binary as Within does when its time is up: the
// checker reports a timeout, after d, of a wait for what (as in "RunAll to
// return"), with every goroutine dumped. It is for a kit that knows before
// the wall clock that a wait would never end, such as a fake clock that
// keeps running while the code ticks on. Call it from any goroutine.
func TimedOut(d time.Duration, what string) {
	debug.SetTraceback("all")
	panic(fmt.Sprintf("%s %v: %s", protocol.TimedOut, d, what))
}
