package addthread_test

// The addthread checks' kit: the checker adds this file to every build of the
// exercise's checks (an instructor's hidden ones included).

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"check/addthread"
	"check/checkkit"
)

// blocker is a Runner whose Run waits until the check lets it return.
type blocker struct {
	release chan struct{}
	runs    atomic.Int32 // how many times Run began
	ended   atomic.Int32 // how many times Run returned
}

func newBlocker() *blocker { return &blocker{release: make(chan struct{})} }

// Run counts itself and waits for release.
func (b *blocker) Run() {
	b.runs.Add(1)
	<-b.release
	b.ended.Add(1)
}

// async runs f on a goroutine; the channel closes when f has returned.
func async(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return done
}

// startBlocked starts th, whose Runner is b, in a synctest bubble and
// fails the check at once if Start does not return while b.Run blocks.
func startBlocked(t *testing.T, th *addthread.Thread, b *blocker) {
	var err error
	started := async(func() { err = th.Start() })
	synctest.Wait()
	if !checkkit.Closed(started) {
		close(b.release)
		<-started
		checkkit.Fatal(t, checkkit.Sequential, "Start did not return while Run was still running: it ran Run itself, on the caller's goroutine. Start must run it with `go` and return straight away")
	}
	if err != nil {
		close(b.release)
		checkkit.Fatal(t, checkkit.Wrong, "Start() = %v; want nil", err)
	}
}

// within bounds a check by the wall clock: a lock held too long or a busy
// loop keeps a synctest bubble's fake clock from moving. The Thread's work
// between two waits is a few statements, and the checks hold its Runner
// only on channels they release before they wait on the Thread: code
// stuck for a second (at ten polls in a row) is stuck for ever.
func within(t *testing.T) {
	checkkit.WithinNotStuck(t, 5*time.Second, time.Second, "the Thread's methods to return (a busy loop, or a lock held while Run runs or never released?)")
}
