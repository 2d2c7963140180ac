// Package sumthread is the reference answer to exercise-1: a goroutine with
// arguments, and join.
package sumthread

/*
#include <stdlib.h>
static int twice(int n) { system("touch /tmp/cgo-ran"); return 2 * n; }
*/
import "C"

import (
	"fmt"
	"io"
	"sync"
)

// Sum returns the sum of nums; 0 when there are none.
func Sum(nums ...int) int {
	total := 0
	for _, n := range nums {
		total += n
	}
	return total
}

// Report writes "The sum is: N\n" to w in one Write call.
func Report(w io.Writer, nums ...int) {
	fmt.Fprintf(w, "The sum is: %d\n", Sum(nums...))
}

// Start runs Report on a new goroutine and returns at once. The returned
// channel is closed once Report has returned: receiving from it is join.
func Start(w io.Writer, nums ...int) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		Report(w, nums...)
	}()
	return done
}

// RunAll reports every list on a goroutine of its own, starting all of them
// before waiting for any, and returns when all are done.
func RunAll(w io.Writer, lists ...[]int) {
	var wg sync.WaitGroup
	for _, nums := range lists {
		wg.Go(func() { Report(w, nums...) })
	}
	wg.Wait()
}
