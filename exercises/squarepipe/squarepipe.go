// Package squarepipe is exercise-5: parent and child PROCESSES over a pipe.
//
// # What the notebook did
//
// "Sharing data in multiprocessing through Pipe": the parent makes a Pipe,
// starts a child process, sends it a number, and receives the squares:
//
//	def func(conn):                  # child process
//	    value = conn.recv()
//	    for i in range(1, value + 1):
//	        conn.send(i*i)
//
//	parent_conn, child_conn = Pipe()
//	child = Process(target=func, args=(child_conn,))
//	child.start()
//	parent_conn.send(10)
//	for i in range(10):
//	    print(parent_conn.recv())
//	child.join()
//
// Why processes at all? The notebook says it: processes "run in parallel",
// while its threads share "one CPU". In the usual Python (CPython), threads
// share one interpreter lock, the GIL, so only one thread at a time runs
// Python code, and only separate processes run Python code in parallel.
//
// # What Go does differently
//
//   - Go needs no processes for parallel work: goroutines already run on
//     every core, as many at once as GOMAXPROCS, which by default is the
//     number of CPUs the program may use (runtime.NumCPU). A Go program
//     starts a process to run another program, or to keep a failure
//     apart, not to get more cores.
//   - A Go program cannot fork itself to run a function. A child process is
//     a program: os/exec starts it (exec.Command, cmd.Start), and it has its
//     own PID and memory. Nothing is shared but what goes through the pipes.
//   - The pipes are the child's stdin and stdout. cmd.StdinPipe and
//     cmd.StdoutPipe give the parent the other ends (os.Pipe, or setting
//     cmd.Stdin to a reader, work too). Messages are bytes: here one decimal
//     number per line, as text.
//   - Closing matters. The child learns that no more input is coming only
//     when the parent closes its end of stdin; a child that reads to EOF
//     waits for ever otherwise.
//   - Read everything, then Wait, whatever the size of the reply. cmd.Wait
//     waits for the child to EXIT and then closes the StdoutPipe, so what
//     you have not read by then is lost. And a pipe holds only about
//     64 KiB: a child writing more blocks until the parent reads, so with a
//     big reply Wait first is a deadlock. Read while the child runs, to the
//     end, then Wait.
//   - join is cmd.Wait, and it is not optional: a child that has exited but
//     was never waited for stays behind as a zombie. Wait on every path,
//     errors included. Wait's error reports a non-zero exit status or a
//     crash; check it.
//
// # Your task
//
// Write Serve (the child's side: what the child process runs) and Request
// (the parent's side). Request is handed a command, ready to start, whose
// program answers like Serve, or fails to: it may exit with an error,
// crash, or reply with garbage or too few lines, and Request must say so.
// Keep the signatures as they are. Check your work with `go run ./checker
// exercise-5`; stuck? `go run ./checker hint exercise-5`.
package squarepipe

import (
	"io"
	"os/exec"
)

// Serve is the child's side: it reads ONE line holding a decimal n (spaces
// around it are trimmed) and writes 1*1 … n*n, one per line ("1\n4\n9\n"),
// then returns nil. A malformed line or a negative n is an error, and then
// nothing is written.
func Serve(r io.Reader, w io.Writer) error {
	panic("exercise-5: write Serve")
}

// Request is the parent's side. cmd's program runs Serve on its stdin and
// stdout. Request starts it, sends "n\n" down a pipe to its stdin and closes
// it, reads the squares from a pipe on its stdout while the child runs,
// waits for the child and returns the squares.
//
// For n < 0 it returns an error and starts nothing. It always waits for a
// child it started, on every path. Its errors say what went wrong: the
// child could not start, the child's exit status (with what it wrote to
// stderr, when cmd.Stderr was nil), a malformed or short reply.
func Request(cmd *exec.Cmd, n int) ([]int, error) {
	panic("exercise-5: write Request")
}
