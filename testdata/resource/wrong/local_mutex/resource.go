// Package resource is a known-wrong answer to exercise-3.
// The bug: the mutex is a local variable of DoSomething, so every call locks its own mutex and nothing is shared.
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
	data int
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	var mu sync.Mutex
	mu.Lock()
	r.data++
	n := r.data
	mu.Unlock()
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, n)
	return n
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	return r.data
}
