// Package process is exercise-8: a process object, and the program that
// runs itself as its own child.
//
// # What the notebook did
//
// "Multiprocessing In Python": "When we have more than one CPU core, we can
// create multiple processes that run in parallel. [...] This is in contrast
// to multithreading which utilizes one CPU that is shared amongst threads."
//
//	if __name__ == '__main__':
//	    p1 = multiprocessing.Process(target=worker_1, args=(lock, 10))
//	    p1.start()
//	    print('Worker 1 is alive: ', p1.is_alive())   # True
//	    p1.join()
//	    print("Process 1 ID ", p1.pid)
//	    print('Worker 1 is alive: ', p1.is_alive())   # False
//
// Why processes at all? In the usual Python (CPython) every thread of a
// program shares one interpreter lock, the GIL: only one thread at a time
// runs Python code, so threads take turns on one core, and only separate
// processes, each with an interpreter and a GIL of its own, run Python code
// in parallel.
//
// A Process runs a function of the same program in a new process. With
// the "spawn" start method (the default on macOS and Windows) and with
// "forkserver" (Linux's default since Python 3.14) the child reads the
// program's main file again from the top, as the module "__mp_main__"
// instead of "__main__", and then calls the target. That is what the guard
// is for: the code under `if __name__ == '__main__':` runs in the parent
// only. Without it every child would start children of its own again.
//
// p.is_alive() is True from p.start() until the child has exited, whether
// or not anyone has called join() (Python asks the operating system each
// time). p.pid is None before start(), then the child's process ID, which
// it keeps after join(). join() waits until the child has exited, may be
// called again, and p.exitcode then holds its exit status.
//
// # What Go does differently
//
//   - Goroutines already use every core: Go runs as many of them at once
//     as GOMAXPROCS, by default the number of CPUs the program may use
//     (runtime.NumCPU is Go's os.cpu_count()). There is no GIL, so a Go
//     program never needs processes for parallelism. It starts them to run
//     other programs, or to keep work apart: a child that crashes, leaks or
//     is killed cannot take its parent with it.
//   - A Go program cannot fork a copy of itself in the middle of a function
//     (the runtime's threads would not survive it), so a child of the same
//     program is the program started again from the top, like Python's
//     spawn: os.Executable() names the running program's file, and
//     exec.Command(exe, args...) runs it. Its main must then know it is the
//     child. That is your guard: NewProcess sets the environment variable
//     ChildEnv for the child (the child's environment is the parent's plus
//     that one variable), and IsChild reports whether it is set.
//
// A main using the guard reads:
//
//	func main() {
//	    if process.IsChild() { // Python's: if __name__ != '__main__'
//	        os.Exit(work(os.Args[1:]))
//	    }
//	    p, err := process.NewProcess("worker", "1")
//	    ...
//	}
//
// Why not an argument such as "-child"? The child must get exactly the
// arguments given to NewProcess, as Python's target gets exactly its args,
// and a marker in the environment cannot be mistaken for one.
//
//   - Python's child prints to the same terminal as its parent. An
//     exec.Cmd whose Stdout and Stderr are nil sends the child's output to
//     the null device; give the child the parent's os.Stdout and os.Stderr.
//   - start() is cmd.Start, which returns as soon as the child runs;
//     cmd.Process.Pid is p.pid. cmd.Run is Start and Wait in one: it would
//     make Start wait for the whole child.
//   - join() is cmd.Wait, which blocks until the child has exited, reaps it
//     and gives its exit error: nil for status 0, an *exec.ExitError
//     otherwise (err.ExitCode() is p.exitcode). But Wait may be called only
//     once, by one goroutine; Join may be called many times, from many.
//   - is_alive() has no counterpart in os/exec. An exited child that nobody
//     has waited for yet is a zombie: it runs no more, and the operating
//     system keeps its exit status until its parent waits for it. It is not
//     alive, but cmd.ProcessState stays nil until Wait returns, and a signal
//     sent to it still succeeds. So wait for the child on a goroutine of its
//     own, from Start on, and note when it has exited (close a channel, as
//     in exercise-2's Thread): IsAlive turns false as the child exits, even
//     if Join is never called, Join waits for that note, and no zombie is
//     left behind.
//   - A Process is used from many goroutines at once (Start on one, IsAlive
//     and Join on others): guard its state as exercise-2 did.
//
// # Your task
//
// Write IsChild, NewProcess and the Process methods. Add the fields Process
// needs (they stay unexported). Keep the exported names and signatures as
// they are (the checks call them).
//
// The checks run your guard as a program's main would: first thing in the
// test program, when IsChild reports true, the program does the checks'
// child work (report its process ID and arguments, wait until the check
// lets it go, exit with a status) instead of running the checks. A child
// that comes up without the marker is stopped there, rather than running
// the checks again.
//
// Check your work with `go run ./checker exercise-8`; stuck? `go run
// ./checker hint exercise-8`.
package process

// ChildEnv is the environment variable that marks a process started by
// NewProcess as this program's child.
const ChildEnv = "PROCESS_CHILD"

// IsChild reports whether this process was started by NewProcess: whether
// ChildEnv is set in its environment. It is the Go counterpart of Python's
// `if __name__ == '__main__':` guard, the other way round.
func IsChild() bool {
	panic("exercise-8: write IsChild")
}

// Process is a child process that runs this same program again.
type Process struct {
	// Add the fields you need: the command, whether it was started, its
	// PID, and a way to know (and wait until) the child has exited, with
	// its exit error.
}

// NewProcess returns a Process that will run this program again
// (os.Executable) with args as its arguments, the parent's environment
// with ChildEnv set, and the parent's stdout and stderr. It does not start
// it.
func NewProcess(args ...string) (*Process, error) {
	panic("exercise-8: write NewProcess")
}

// Start starts the child and returns as soon as it runs, without waiting
// for it to exit. A second Start returns an error and starts nothing.
func (p *Process) Start() error {
	panic("exercise-8: write Start")
}

// PID returns the child's process ID once Start has started it (0 before),
// and still after it has exited.
func (p *Process) PID() int {
	panic("exercise-8: write PID")
}

// IsAlive reports whether the child has been started and has not yet
// exited, whether or not Join has been called.
func (p *Process) IsAlive() bool {
	panic("exercise-8: write IsAlive")
}

// Join waits until the child has exited and returns its exit error: nil
// for exit status 0, an *exec.ExitError otherwise. It may be called many
// times, from many goroutines at once; each call returns the same error.
// Before Start it returns an error at once.
func (p *Process) Join() error {
	panic("exercise-8: write Join")
}
