// Package workers is exercise-7: worker processes side by side, output
// under a lock.
//
// # What the notebook did
//
// "Multiprocessing In Python": "When we have more than one CPU core, we can
// create multiple processes that run in parallel." Two workers share a lock
// so that their prints do not mix:
//
//	def worker_1(lock, *args):
//	    lock.acquire()
//	    print('Worker 1, Process id: ', os.getpid())
//	    lock.release()
//
//	lock = multiprocessing.Lock()
//	p1 = multiprocessing.Process(target=worker_1, args=(lock, 10))
//	p2 = multiprocessing.Process(target=worker_2, args=(lock, 10))
//	p1.start()
//	p2.start()
//	print('Worker 1 is alive: ', p1.is_alive())   # True: started, not finished
//	p1.join()
//	print("Process 1 ID ", p1.pid)
//
// Why processes at all? "This is in contrast to multithreading which
// utilizes one CPU that is shared amongst threads." In the usual Python
// (CPython), threads share one interpreter lock, the GIL: only one thread
// at a time runs Python code, so only processes run it in parallel.
//
// # What Go does differently
//
//   - Goroutines already use every core: Go runs as many at once as
//     GOMAXPROCS, by default the number of CPUs the program may use
//     (runtime.NumCPU is Go's os.cpu_count()). You start processes in Go to
//     run other programs, as here, not to get parallelism.
//   - A process is a program, not a function: os/exec runs one
//     (exec.Command("prog", "arg")). The notebook's p.start() is
//     cmd.Start(), which returns as soon as the child is running; p.join()
//     is cmd.Wait(), which blocks until it has exited and reaps it (a child
//     that nobody waits for stays behind as a zombie). cmd.Run() is Start
//     and Wait in one: calling it in a loop runs the workers one after
//     another, which is exactly what this exercise is not.
//   - is_alive() has no counterpart. Python's turns False as soon as the
//     child has exited (it asks the OS, and on Unix reaps the child there
//     and then). In Go a child that has exited but was not yet waited for
//     is a zombie: dead, its exit status kept for Wait. cmd.ProcessState,
//     nil until Wait has returned, says "waited for", not "dead". To ask
//     "still running?" without blocking, call Wait on a goroutine of its
//     own and close a channel when it returns, as in exercise-2's IsAlive.
//   - p.pid is cmd.Process.Pid, set by Start. os.Getpid() is the current
//     process's own ID: in a worker it is the worker's, in RunAll it is the
//     parent's, never a worker's.
//   - The workers do not share your lock: they are separate programs that
//     write to their own stdout. Their output reaches you through pipes, in
//     chunks of whatever size the OS hands over, which need not end at a
//     line's end. Copy the chunks straight to w and lines from different
//     workers interleave mid-line ("WorWorker 2…ker 1…"). So read each
//     child's output line by line (cmd.StdoutPipe and a bufio.Scanner, or an
//     io.Writer of your own as cmd.Stdout that keeps the unfinished tail of a
//     line), and write each whole line to w while holding one sync.Mutex
//     that every child's copier shares. That lock is the notebook's lock,
//     moved to where the output is joined.
//   - Read a child's stdout pipe to the end BEFORE calling its Wait: Wait
//     closes the pipe, and lines still in it are lost.
//
// # Your task
//
// Write RunAll below. Replace the panic with your code; keep the signature as
// it is (the checks call it). Expect workers that print many lines, each
// in several small writes, and that print nothing until all their
// siblings are running: RunAll must start them all before it waits, and
// must put their lines back together.
//
// Check your work with `go run ./checker exercise-7`. Stuck? `go run
// ./checker hint exercise-7` reveals one hint at a time.
package workers

import (
	"io"
	"os/exec"
)

// RunAll runs every command as a worker process, side by side. It starts
// EVERY command before it waits for any; copies each child's stdout to w
// line by line, whole lines only, under one lock shared by all children;
// waits for all of them; and returns their PIDs (cmd.Process.Pid) in the
// order of cmds. Its error is the first error among the commands (a child
// that could not start or exited with a non-zero status), returned only after
// every child that started has been waited for.
//
// The commands come with Stdout unset; RunAll sets it up (leave Stdin and
// Stderr as they are).
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	panic("exercise-7: write RunAll")
}
