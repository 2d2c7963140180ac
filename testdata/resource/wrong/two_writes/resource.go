// Package resource is a known-wrong answer to exercise-3.
// The bug: The line is written in two Write calls, so lines from different calls can interleave.
package resource

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Pause is the simulated context switch of the notebook's time.sleep(0.2).
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines. Its zero value is ready to
// use, with data 0.
type Resource struct {
	mu   sync.Mutex
	data int
}

// DoSomething increments data, pauses for Pause, writes "The current thread
// name is NAME, and the value of data: N\n" to w in one Write, and returns
// N. Each call's N is its own: with k calls, exactly 1 … k.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	r.mu.Lock()
	r.data++
	n := r.data
	r.mu.Unlock()
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, ", name)
	fmt.Fprintf(w, "and the value of data: %d\n", n)

	return n
}

// Data returns the current value of data. It is safe to call while other
// goroutines run DoSomething.
func (r *Resource) Data() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.data
}
