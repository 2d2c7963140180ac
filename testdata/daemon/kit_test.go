package daemon_test

// The daemon checks' kit: the checker adds this file to every build of the
// exercise's checks (an instructor's hidden ones included).

import (
	"context"
	"fmt"
	"io"
	"testing"
	"testing/synctest"
	"time"

	"check/checkkit"
	"check/daemon"
)

// within bounds a check by the wall clock: on the fake clock time moves
// only when every goroutine is blocked, so a loop that never blocks keeps
// it still, and only the wall clock can end the check. A daemon's work
// between two ticks is a write: a goroutine of the code seen running at
// every poll for a second spins, and one stuck on a lock (a sync.Mutex
// never unlocked: not durably blocked, so the bubble cannot tell) for half
// a second waits for ever.
func within(t *testing.T) {
	checkkit.WithinNotBusy(t, 10*time.Second, 500*time.Millisecond, time.Second, "Start's goroutine to wait for its next tick or to end; a loop that never blocks, such as a select with a default case, spins instead and keeps the fake clock still")
}

// start calls daemon.Start, inside a synctest bubble, on a goroutine of its
// own, and returns the channel Start returned. Start must return at once:
// once every goroutine has run until it blocks (synctest.Wait, no time
// passes), Start must be back. A Start that runs the loop itself, or waits
// for its own goroutine, would keep the check's goroutine inside it while
// the fake clock ticks on for ever; instead start cancels ctx, which lets
// such a Start return, and fails the check. A nil channel fails it too.
func start(t *testing.T, ctx context.Context, cancel context.CancelFunc, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	t.Helper()
	returned := make(chan (<-chan struct{}), 1)
	go func() { returned <- daemon.Start(ctx, w, msg, every) }()
	synctest.Wait()
	select {
	case done := <-returned:
		if done == nil {
			checkkit.Fatal(t, checkkit.Wrong, "Start returned a nil channel: receiving from it would wait forever. Make the channel (done := make(chan struct{})), return it, and close it when the goroutine exits")
		}
		return done
	default:
		cancel()
		checkkit.Fatal(t, checkkit.Wrong, "Start did not return: with the context not yet cancelled it was still inside, running the loop itself or waiting for its goroutine, so its caller would be stuck until the work is over. Start only starts the work: run the loop in a goroutine (go func() { … }()) and return the done channel at once, without waiting for it")
		return nil
	}
}

// runawayTicks is how many intervals the fake clock may run, while a check
// waits for the done channel after cancel, before the daemon is taken for
// one that never stops: a correct one stops within an interval.
const runawayTicks = 1000

// awaitDone receives from done, the check's last step after cancel, and
// ends the check as a timeout once the fake clock has run runawayTicks
// intervals instead. A goroutine that ticks on after cancel, while the
// check waits for done, makes the fake clock run for ever, and only the
// wall clock would end the check, seconds on.
func awaitDone(done <-chan struct{}, every time.Duration) {
	select {
	case <-done:
	case <-time.After(runawayTicks * every):
		checkkit.TimedOut(runawayTicks*every, fmt.Sprintf("Start's goroutine to stop after cancel (on the fake clock: %d intervals, and it still ticks, its done channel open); once ctx is cancelled it must return and close done", runawayTicks))
	}
}
