package squarequeue_test

// The squarequeue checks' kit: the checker adds this file to every build of the
// exercise's checks (an instructor's hidden ones included).

import (
	"fmt"
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

// diffSquares fails t as Wrong unless got is 1*1 … n*n, and reports
// whether it is. A long list is not printed whole: the message says how
// many values came and where they first go wrong, with a few around it.
func diffSquares(t *testing.T, what string, n int, got []int) bool {
	t.Helper()
	want := squares(n)
	if n <= 20 {
		return checkkit.Diff(t, what, want, got)
	}
	first := -1
	for i := 0; i < len(want) || i < len(got); i++ {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			first = i
			break
		}
	}
	if first < 0 {
		return true
	}
	lo, hi := max(first-2, 0), first+3
	window := func(s []int) []int { return s[min(lo, len(s)):min(hi, len(s))] }
	var where string
	switch {
	case first >= len(got):
		where = fmt.Sprintf("they stop after %d*%d = %d", first, first, got[first-1])
	case first >= len(want):
		where = fmt.Sprintf("%d more value(s) follow %d*%d, starting with %d", len(got)-len(want), n, n, got[first])
	default:
		where = fmt.Sprintf("value %d is %d; want %d*%d = %d", first+1, got[first], first+1, first+1, want[first])
	}
	checkkit.Fail(t, checkkit.Wrong, "%s: %d values; want %d, the squares 1*1 … %d*%d in order. The first difference: %s (from position %d, got %v; want %v)",
		what, len(got), len(want), n, n, where, lo+1, window(got), window(want))
	return false
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
	checkkit.Within(t, 5*time.Second, "Child or Parent to return")
}
