// Package addthread is a known-wrong answer to exercise-2. Start returns
// ErrStarted without unlocking the mutex, so after a second Start every
// Join and IsAlive waits for ever.
package addthread

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// Runner is anything a Thread can run: Python's run method, as an interface.
type Runner interface{ Run() }

// RunnerFunc lets an ordinary func() be used as a Runner, as
// http.HandlerFunc does for handlers.
type RunnerFunc func()

// Run calls f.
func (f RunnerFunc) Run() { f() }

// ErrStarted is returned by a second Start of the same Thread.
var ErrStarted = errors.New("threads can only be started once")

// ErrNotStarted is returned by Join on a Thread that was never started.
var ErrNotStarted = errors.New("cannot join thread before it is started")

// unnamed counts the threads given no name, across the whole program.
var unnamed atomic.Int64

// Thread runs a Runner on its own goroutine, once.
type Thread struct {
	name string
	r    Runner

	mu      sync.Mutex
	started bool
	done    chan struct{} // closed when Run has returned
}

// New returns a Thread that will run r. An empty name becomes "Thread-N",
// N counting up from 1 across the program; New is safe to call from many
// goroutines at once.
func New(name string, r Runner) *Thread {
	if name == "" {
		name = fmt.Sprintf("Thread-%d", unnamed.Add(1))
	}
	return &Thread{name: name, r: r, done: make(chan struct{})}
}

// Name returns the thread's name.
func (t *Thread) Name() string { return t.name }

// Start runs the Runner's Run on a new goroutine and returns at once. A
// second Start returns ErrStarted and runs nothing.
func (t *Thread) Start() error {
	t.mu.Lock()
	if t.started {
		return ErrStarted
	}
	t.started = true
	t.mu.Unlock()
	go func() {
		defer close(t.done)
		t.r.Run()
	}()
	return nil
}

// Join waits until Run has returned. Before Start it returns ErrNotStarted
// at once. It may be called many times, from many goroutines.
func (t *Thread) Join() error {
	t.mu.Lock()
	started := t.started
	t.mu.Unlock()
	if !started {
		return ErrNotStarted
	}
	<-t.done
	return nil
}

// IsAlive reports whether the thread has been started and its Run has not
// yet returned.
func (t *Thread) IsAlive() bool {
	t.mu.Lock()
	started := t.started
	t.mu.Unlock()
	if !started {
		return false
	}
	select {
	case <-t.done:
		return false
	default:
		return true
	}
}

// AddThread is the notebook's AddThread: a Runner that reports the sum of
// its Args.
type AddThread struct {
	Args []int
	Out  io.Writer
}

// Run writes "Here is the sum of your passed args: N\n" to Out in one
// Write, N being the sum of Args.
func (a *AddThread) Run() {
	sum := 0
	for _, n := range a.Args {
		sum += n
	}
	fmt.Fprintf(a.Out, "Here is the sum of your passed args: %d\n", sum)
}
