package checkkit

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
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
	timer := time.AfterFunc(d, func() { timedOut(d, what) })
	t.Cleanup(func() { timer.Stop() })
}

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
			timedOut(stuck, what)
		}
	}()
}

// timedOut stops the test binary with the panic the checker reads as a
// timeout: it names what was waited for, and every goroutine is dumped.
func timedOut(d time.Duration, what string) {
	debug.SetTraceback("all")
	panic(fmt.Sprintf("%s %v: %s", protocol.TimedOut, d, what))
}
