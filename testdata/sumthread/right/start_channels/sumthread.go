package sumthread

import (
	"io"
	"strconv"
)

// Sum returns the sum of nums; 0 when there are none.
func Sum(nums ...int) (total int) {
	for i := range nums {
		total += nums[i]
	}
	return total
}

// Report builds the whole line, then writes it once.
func Report(w io.Writer, nums ...int) {
	io.WriteString(w, "The sum is: "+strconv.Itoa(Sum(nums...))+"\n")
}

// Start runs Report on a new goroutine; the channel closes when it is done.
func Start(w io.Writer, nums ...int) <-chan struct{} {
	done := make(chan struct{})
	go func(nums []int) {
		Report(w, nums...)
		close(done)
	}(nums)
	return done
}

// RunAll starts every list with Start, then joins each of them.
func RunAll(w io.Writer, lists ...[]int) {
	dones := make([]<-chan struct{}, 0, len(lists))
	for _, nums := range lists {
		dones = append(dones, Start(w, nums...))
	}
	for _, done := range dones {
		<-done
	}
}
