// Package resource is a right answer the notebook's way: the lock is held
// across the pause and the line, so the calls run one after another.
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
	lock sync.Mutex
	data int
}

// DoSomething increments data, pauses, writes the line and returns data.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	r.lock.Lock()
	defer r.lock.Unlock()
	r.data++
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, r.data)
	return r.data
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	r.lock.Lock()
	defer r.lock.Unlock()
	return r.data
}
