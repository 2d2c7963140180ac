// Package resource is a known-wrong answer to exercise-3.
// The bug: DoSomething adds with sync/atomic, but Data reads data with a plain load.
package resource

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// Pause is the simulated context switch of the notebook's time.sleep(0.2).
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines.
type Resource struct {
	data int64
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	n := int(atomic.AddInt64(&r.data, 1))
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, n)
	return n
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	return int(r.data)
}
