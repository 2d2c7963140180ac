package squarequeue_test

// The squarequeue checks' kit: the checker adds this file to every build of the
// exercise's checks (an instructor's hidden ones included).

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"check/checkkit"
	"check/squarequeue"
)

// squares is 1*1 … n*n.
func squares(n int) []int {
	var s []int
	for i := 1; i <= n; i++ {
		s = append(s, i*i)
	}
	return s
}

// runChild runs Child over two unbuffered channels the check owns, sends
// it n and collects what it sends until it closes out. ok is false when
// Child stopped (blocked for good) without closing out.
func runChild(t *testing.T, n int) (got []int, ok bool) {
	in, out := make(chan int), make(chan int)
	go squarequeue.Child(in, out)
	sent := make(chan struct{})
	go func() {
		in <- n
		close(sent)
	}()
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for v := range out {
			got = append(got, v)
		}
	}()
	synctest.Wait()
	if !checkkit.Closed(sent) {
		checkkit.Fatal(t, checkkit.Deadlock, "Child never received n from in: it must start with one receive, n := <-in")
	}
	if !checkkit.Closed(collected) {
		if !childStillThere() {
			// Child returned without closing out: close it here so the
			// check's own reader is not left behind.
			close(out)
			synctest.Wait()
		}
		return got, false
	}
	return got, true
}

// childStillThere reports whether a goroutine is still inside Child. Call
// it after synctest.Wait: then every goroutine has finished or is blocked.
func childStillThere() bool {
	for _, g := range checkkit.CodeGoroutines() {
		if strings.Contains(g.Stack, "check/squarequeue.Child(") {
			return true
		}
	}
	return false
}

// within bounds a check by the wall clock: a loop that never blocks keeps
// the fake clock from moving.
func within(t *testing.T) {
	checkkit.Within(t, 5*time.Second, "the code to finish (a loop that never blocks, or waiting on a lock, keeps it busy)")
}
