// Package resource is a right answer with a sync.RWMutex: DoSomething
// takes the write lock for the increment, Data only a read lock.
package resource

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Pause is the simulated context switch.
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines.
type Resource struct {
	mu   sync.RWMutex
	data int
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	n := r.next()
	time.Sleep(Pause)
	_, _ = io.WriteString(w, fmt.Sprintf("The current thread name is %s, and the value of data: %d\n", name, n))
	return n
}

// next increments data and returns the new value, under the write lock.
func (r *Resource) next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.data++
	return r.data
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.data
}
