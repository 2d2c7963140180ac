// Package sumthread forks a copy of its own program that sleeps for ten
// minutes (programs other than its own cannot be started in the sandbox),
// and never waits for it.
package sumthread

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

func init() {
	if os.Getenv("HOSTILE_SLEEPER") != "" {
		time.Sleep(10 * time.Minute)
	}
}

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
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), "HOSTILE_SLEEPER=1")
	cmd.Start()
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
