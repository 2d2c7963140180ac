// Package resource is exercise-3: a shared resource, a data race, and a
// lock.
//
// # What the notebook did
//
// "Write a class called resource" with a field data starting at 0 and a
// method do_something that increments data and displays its value. Two
// threads, First and Second, call it at once:
//
//	def do_something(self):
//	    self.data += 1
//	    time.sleep(0.2)   # a simulated context switch
//	    print(f"The current thread name is {threading.current_thread().name}, and the value of data: {self.data}\n")
//
// and both print 2: "We are seeing 2 and 2 coming out." That is a race
// condition: both threads use the same resource at the same time. The fix
// is a Lock, so that only one thread at a time runs the critical section.
//
// # What Go does differently
//
//   - The code below is that notebook code, ported as it is: it has the same
//     bug, and in Go it is a DATA RACE: two goroutines touching the same
//     variable, at least one of them writing, with nothing to order the
//     accesses. Go's memory model still bounds a race on a word-sized value
//     such as this int (unlike C, where a racy program may do anything): a
//     read sees some value that was really written. But which one is luck,
//     and `data++` is a read and then a write, so two calls can both write
//     the same value and an increment is lost. Races on larger values
//     (strings, slices, interfaces, maps) can tear them and crash the
//     program. The race detector (`go test -race`, also on in the checker)
//     catches a race as it happens and names both lines.
//   - The lock is a sync.Mutex: mu.Lock() … mu.Unlock(), usually written
//     `mu.Lock(); defer mu.Unlock()`. Its zero value is an unlocked mutex,
//     so a struct holding a sync.Mutex field (not a pointer to one) is ready
//     to use with no constructor: keep it that way.
//   - A mutex must not be copied: use pointer receivers (*Resource).
//   - The notebook names "Mutex / Semaphore / Thread Monitor" together, but
//     they are three tools. A mutex lets ONE goroutine in at a time. A
//     semaphore lets up to N in: in Go a buffered channel of capacity N (a
//     send to enter, a receive to leave) or golang.org/x/sync/semaphore's
//     Weighted. A monitor is a lock together with conditions to wait for
//     (Python's threading.Condition): a sync.Mutex guarding the state and a
//     sync.Cond (Wait, Signal, Broadcast) over it, although Go code often
//     waits on a channel instead. Here a mutex is what you need.
//   - Goroutines have no names; the caller passes one in (name).
//   - You decide how long to hold the lock. Holding it across the pause, as
//     the notebook does, makes every call wait for the one before it: 8
//     calls at once take 8 × 0.2 s = 1.6 s. Taking the new value under the
//     lock and then pausing and printing outside it is also correct, and
//     lets the pauses overlap. sync/atomic works too. What matters: each
//     call gets its own value, and the line it prints holds exactly the
//     value it returns.
//
// # Your task
//
// Make DoSomething and Data safe to call from many goroutines at once.
// Keep the signatures as they are (the checks call them). Check your work
// with `go run ./checker exercise-3`: as shipped, every check reports the
// data race. Stuck? `go run ./checker hint exercise-3`.
package resource

import (
	"fmt"
	"io"
	"time"
)

// Pause is the simulated context switch of the notebook's time.sleep(0.2).
const Pause = 200 * time.Millisecond

// Resource is a counter shared by goroutines. Its zero value is ready to
// use, with data 0.
type Resource struct {
	data int
}

// DoSomething increments data, pauses for Pause, writes "The current thread
// name is NAME, and the value of data: N\n" to w in one Write, and returns
// N. Each call's N is its own: with k calls, exactly 1 … k.
//
// As shipped it is the notebook's racy code: make it safe.
func (r *Resource) DoSomething(name string, w io.Writer) int {
	r.data++
	time.Sleep(Pause)
	fmt.Fprintf(w, "The current thread name is %s, and the value of data: %d\n", name, r.data)
	return r.data
}

// Data returns the current value of data. It is safe to call while other
// goroutines run DoSomething.
func (r *Resource) Data() int {
	return r.data
}
