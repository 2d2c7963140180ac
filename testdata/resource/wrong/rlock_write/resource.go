// Package resource is a known-wrong answer to exercise-3.
// The bug: DoSomething changes data under RLock, which many goroutines may hold at once.
package resource

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Pause is the simulated context switch of the notebook's time.sleep(0.2).
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines.
type Resource struct {
	mu   sync.RWMutex
	data int
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	r.mu.RLock()
	r.data++
	n := r.data
	r.mu.RUnlock()
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, n)
	return n
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.data
}
