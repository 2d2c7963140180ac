// Package addthread is a right answer in another style: no mutex at all.
// An atomic compare-and-swap lets exactly one Start through, and a channel
// closed when Run returns is both Join and IsAlive.
package addthread

import (
	"errors"
	"io"
	"strconv"
	"sync/atomic"
)

// Runner is anything a Thread can run: Python's run method, as an interface.
type Runner interface{ Run() }

// RunnerFunc lets an ordinary func() be used as a Runner.
type RunnerFunc func()

// Run calls f.
func (f RunnerFunc) Run() { f() }

// ErrStarted is returned by a second Start.
var ErrStarted = errors.New("threads can only be started once")

// ErrNotStarted is returned by Join before Start.
var ErrNotStarted = errors.New("cannot join thread before it is started")

var lastName atomic.Uint64

// Thread runs a Runner once.
type Thread struct {
	name    string
	r       Runner
	started atomic.Bool
	done    chan struct{}
}

// New returns a Thread that will run r.
func New(name string, r Runner) *Thread {
	if name == "" {
		name = "Thread-" + strconv.FormatUint(lastName.Add(1), 10)
	}
	return &Thread{name: name, r: r, done: make(chan struct{})}
}

// Name returns the thread's name.
func (t *Thread) Name() string { return t.name }

// Start runs Run on a new goroutine.
func (t *Thread) Start() error {
	if !t.started.CompareAndSwap(false, true) {
		return ErrStarted
	}
	go func() {
		defer close(t.done)
		t.r.Run()
	}()
	return nil
}

// Join waits until Run has returned.
func (t *Thread) Join() error {
	if !t.started.Load() {
		return ErrNotStarted
	}
	<-t.done
	return nil
}

// IsAlive reports whether Run is running.
func (t *Thread) IsAlive() bool {
	if !t.started.Load() {
		return false
	}
	select {
	case <-t.done:
		return false
	default:
		return true
	}
}

// AddThread reports the sum of its Args.
type AddThread struct {
	Args []int
	Out  io.Writer
}

// Run writes the sum line in one Write.
func (a *AddThread) Run() {
	sum := 0
	for _, n := range a.Args {
		sum += n
	}
	a.Out.Write([]byte("Here is the sum of your passed args: " + strconv.Itoa(sum) + "\n"))
}
