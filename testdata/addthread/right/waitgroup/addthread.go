// Package addthread is a right answer in another style: the state is a
// small atomic state machine, and Join waits on a sync.WaitGroup.
package addthread

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// Runner is anything a Thread can run.
type Runner interface{ Run() }

// RunnerFunc lets a func() be used as a Runner.
type RunnerFunc func()

// Run calls f.
func (f RunnerFunc) Run() { f() }

// ErrStarted is returned by a second Start.
var ErrStarted = errors.New("threads can only be started once")

// ErrNotStarted is returned by Join before Start.
var ErrNotStarted = errors.New("cannot join thread before it is started")

var counter struct {
	sync.Mutex
	n int
}

const (
	fresh int32 = iota
	running
	finished
)

// Thread runs a Runner once.
type Thread struct {
	name  string
	r     Runner
	state atomic.Int32
	wg    sync.WaitGroup
}

// New returns a Thread that will run r.
func New(name string, r Runner) *Thread {
	if name == "" {
		counter.Lock()
		counter.n++
		name = "Thread-" + strconv.Itoa(counter.n)
		counter.Unlock()
	}
	t := &Thread{name: name, r: r}
	// Add before anyone can see the Thread: a Join that sees the state
	// "running" must find the counter at 1 already, and an Add in Start
	// after the CompareAndSwap would come too late for it.
	t.wg.Add(1)
	return t
}

// Name returns the thread's name.
func (t *Thread) Name() string { return t.name }

// Start runs Run on a new goroutine.
func (t *Thread) Start() error {
	if !t.state.CompareAndSwap(fresh, running) {
		return ErrStarted
	}
	go func() {
		defer t.wg.Done()
		defer t.state.Store(finished)
		t.r.Run()
	}()
	return nil
}

// Join waits until Run has returned.
func (t *Thread) Join() error {
	if t.state.Load() == fresh {
		return ErrNotStarted
	}
	t.wg.Wait()
	return nil
}

// IsAlive reports whether Run is running.
func (t *Thread) IsAlive() bool { return t.state.Load() == running }

// AddThread reports the sum of its Args.
type AddThread struct {
	Args []int
	Out  io.Writer
}

// Run writes the sum line.
func (a *AddThread) Run() {
	sum := 0
	for _, n := range a.Args {
		sum += n
	}
	fmt.Fprintf(a.Out, "Here is the sum of your passed args: %d\n", sum)
}
