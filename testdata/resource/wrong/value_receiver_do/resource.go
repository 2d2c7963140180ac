// Package resource is a known-wrong answer to exercise-3.
// The bug: DoSomething has a value receiver: it increments and locks a copy, so every call gets 1 and Data stays 0.
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
	mu   sync.Mutex
	data int
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r Resource) DoSomething(name string, w io.Writer) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.data++
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, r.data)
	return r.data
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.data
}
