package sumthread

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

// Report writes the line in one Write call.
func Report(w io.Writer, nums ...int) {
	fmt.Fprintln(w, "The sum is:", Sum(nums...))
}

// Start runs Report on a new goroutine and returns at once.
func Start(w io.Writer, nums ...int) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		Report(w, nums...)
	}()
	return done
}

// RunAll counts every goroutine before it starts it, then waits for all.
func RunAll(w io.Writer, lists ...[]int) {
	var wg sync.WaitGroup
	wg.Add(len(lists))
	for i := range lists {
		go func(nums []int) {
			defer wg.Done()
			Report(w, nums...)
		}(lists[i])
	}
	wg.Wait()
}
