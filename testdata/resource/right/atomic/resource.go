// Package resource is a right answer with sync/atomic: Add returns the new
// value, which is this call's own.
package resource

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// Pause is the simulated context switch.
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines.
type Resource struct {
	data atomic.Int64
}

// DoSomething increments data, pauses, writes the line and returns the value.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	n := int(r.data.Add(1))
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, n)
	return n
}

// Data returns the current value of data.
func (r *Resource) Data() int {
	return int(r.data.Load())
}
