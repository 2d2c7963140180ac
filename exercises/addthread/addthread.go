// Package addthread is exercise-2: the Thread subclass, the Go way.
//
// # What the notebook did
//
// "Create a thread by inheritance": a subclass of threading.Thread
// overrides run(), and start() calls it on a new thread. t.name names the
// thread, or Python makes up a name: "Thread-N", N counting up, and since
// Python 3.10 "Thread-N (target)" for a thread given a target function, as
// in the notebook's output "Thread-5 (run)". t.run can be replaced by
// another method, and double-underscore methods are private. The
// assignment:
//
//	class AddThread(threading.Thread):
//	    def run(self):
//	        print("Here is the sum of your passed args: ", sum(self.args))
//
//	t1 = AddThread()
//	t1.name = "Add thread"
//	t1.args = [1,2,3,4,5]
//	t1.start()
//
// # What Go does differently
//
//   - Go has no inheritance, and a method of an embedded type cannot call
//     an "overridden" method of the outer type. Instead a Thread runs ANY
//     value that has a Run method: the Runner interface. AddThread is not a
//     kind of Thread; it is a Runner you hand to New. That is composition.
//   - Replacing t.run with another method becomes passing another Runner.
//     RunnerFunc turns a plain func() into a Runner, the way
//     http.HandlerFunc turns a func into an http.Handler.
//   - Privacy is per package, by case: lower-case names (fields, methods)
//     are private to the package. Thread's fields are private; callers use
//     its methods.
//   - MyThread.run printed threading.current_thread().name and
//     os.getpid(). A goroutine cannot ask for its own name or ID: the name
//     lives in the Thread (Name), and a Runner that needs it is given it.
//     os.Getpid() is the same for every goroutine: they all share one
//     process.
//   - Python raises RuntimeError on a second start() and on join() before
//     start(). Go returns errors: ErrStarted and ErrNotStarted, which
//     callers test with errors.Is.
//   - A Thread is used from many goroutines at once (Start on one, Join and
//     IsAlive on others). Its state (started? finished?) must therefore be
//     guarded (a sync.Mutex) or be a channel; the race detector checks.
//     A channel that is closed when Run returns is a Join for any number of
//     waiters.
//   - Default names are "Thread-N", with no "(target)" part: a Runner has
//     no name of its own to show. N counts up across the whole program,
//     and New may run on many goroutines at once: the counter must be safe
//     (sync/atomic).
//
// # Your task
//
// Write RunnerFunc.Run, New, the four Thread methods and AddThread.Run. Add
// the fields Thread needs (they stay unexported). Keep the exported names
// and signatures as they are (the checks call them). Check your work with
// `go run ./checker exercise-2`; stuck? `go run ./checker hint exercise-2`.
package addthread

import (
	"errors"
	"io"
)

// Runner is anything a Thread can run: Python's run method, as an interface.
type Runner interface{ Run() }

// RunnerFunc lets an ordinary func() be used as a Runner, as
// http.HandlerFunc does for handlers.
type RunnerFunc func()

// Run calls f.
func (f RunnerFunc) Run() {
	panic("exercise-2: write RunnerFunc.Run")
}

// ErrStarted is returned by a second Start of the same Thread.
var ErrStarted = errors.New("threads can only be started once")

// ErrNotStarted is returned by Join on a Thread that was never started.
var ErrNotStarted = errors.New("cannot join thread before it is started")

// Thread runs a Runner on its own goroutine, once.
type Thread struct {
	// Add the fields you need: the name, the Runner, whether it was
	// started, and a way to wait for Run to return.
}

// New returns a Thread that will run r. An empty name becomes "Thread-N",
// N counting up from 1 across the program; New is safe to call from many
// goroutines at once.
func New(name string, r Runner) *Thread {
	panic("exercise-2: write New")
}

// Name returns the thread's name.
func (t *Thread) Name() string {
	panic("exercise-2: write Name")
}

// Start runs the Runner's Run on a new goroutine and returns at once. A
// second Start returns ErrStarted and runs nothing.
func (t *Thread) Start() error {
	panic("exercise-2: write Start")
}

// Join waits until Run has returned. Before Start it returns ErrNotStarted
// at once. It may be called many times, from many goroutines.
func (t *Thread) Join() error {
	panic("exercise-2: write Join")
}

// IsAlive reports whether the thread has been started and its Run has not
// yet returned.
func (t *Thread) IsAlive() bool {
	panic("exercise-2: write IsAlive")
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
	panic("exercise-2: write AddThread.Run")
}
