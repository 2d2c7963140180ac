// Package addthread is a right answer in another style: one mutex guards
// the whole state, and Join waits on a sync.Cond that Run's goroutine
// broadcasts when Run returns.
package addthread

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
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

var names struct {
	sync.Mutex
	last int
}

// Thread runs a Runner once.
type Thread struct {
	name string
	r    Runner

	mu       sync.Mutex
	ended    *sync.Cond // signalled (Broadcast) when finished becomes true
	started  bool
	finished bool
}

// New returns a Thread that will run r.
func New(name string, r Runner) *Thread {
	if name == "" {
		names.Lock()
		names.last++
		name = fmt.Sprintf("Thread-%d", names.last)
		names.Unlock()
	}
	t := &Thread{name: name, r: r}
	t.ended = sync.NewCond(&t.mu)
	return t
}

// Name returns the thread's name.
func (t *Thread) Name() string { return t.name }

// Start runs Run on a new goroutine.
func (t *Thread) Start() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started {
		return ErrStarted
	}
	t.started = true
	go t.run()
	return nil
}

// run calls Run, then wakes every Join.
func (t *Thread) run() {
	defer func() {
		t.mu.Lock()
		t.finished = true
		t.mu.Unlock()
		t.ended.Broadcast()
	}()
	t.r.Run()
}

// Join waits until Run has returned.
func (t *Thread) Join() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.started {
		return ErrNotStarted
	}
	for !t.finished {
		t.ended.Wait()
	}
	return nil
}

// IsAlive reports whether Run is running.
func (t *Thread) IsAlive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.started && !t.finished
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
	var b strings.Builder
	fmt.Fprintf(&b, "Here is the sum of your passed args: %d\n", sum)
	io.WriteString(a.Out, b.String())
}
