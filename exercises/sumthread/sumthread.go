// Package sumthread is exercise-1: a goroutine with arguments, and join.
//
// # What the notebook did
//
// "Write a target function for a thread that accepts any number of ints and
// displays the sum." In Python:
//
//	def sum_fn(*args):
//	    print("The sum is: ", sum(args))
//
//	t1 = threading.Thread(target=sum_fn, name="First", args=(1, 2, 3, 4, 5))
//	t1.start()   # run sum_fn on a new thread
//	t1.join()    # wait until it has finished
//
// # What Go does differently
//
//   - A thread is a goroutine: `go Report(w, 1, 2, 3)` starts one. There is
//     no Thread object, no name and no ID: Python's current_thread().name
//     has no Go counterpart, on purpose. If you need to tell goroutines
//     apart, pass them what they need as arguments.
//   - Arguments are ordinary function arguments. Python's variadic *args is
//     Go's ...int, and the notebook's trap, args=('Hello') passing the
//     letters H, e, l, l, o because ('Hello') is a string and not a tuple,
//     cannot happen: the compiler checks every argument's type.
//   - join is waiting for a signal. A goroutine closes a channel when it is
//     done and the caller receives from it, or a sync.WaitGroup counts
//     several goroutines down to zero. Nothing waits unless you make it.
//   - When main returns, every goroutine dies at once, finished or not. That
//     is why joining matters in Go.
//   - Output from several goroutines can interleave, as the notebook's
//     "Thread name - Thread name -" lines did. Writing a whole line in ONE
//     Write call keeps lines whole on a writer that is safe to share.
//
// # Your task
//
// Write the four functions below. Replace each panic with your code; keep
// the signatures as they are (the checks call them).
//
// Check your work with `go run ./checker exercise-1`. Stuck? `go run
// ./checker hint exercise-1` reveals one hint at a time.
package sumthread

import "io"

// Sum returns the sum of nums; 0 when there are none.
func Sum(nums ...int) int {
	panic("exercise-1: write Sum")
}

// Report writes "The sum is: N\n" to w, where N is the sum of nums, in ONE
// Write call (build the whole line first, or use fmt.Fprintf).
func Report(w io.Writer, nums ...int) {
	panic("exercise-1: write Report")
}

// Start runs Report(w, nums...) on a new goroutine and returns at once,
// without waiting for the write. The returned channel is closed once Report
// has returned, so that `<-Start(w, 1, 2)` is join.
func Start(w io.Writer, nums ...int) <-chan struct{} {
	panic("exercise-1: write Start")
}

// RunAll reports every list on a goroutine of its own. It starts ALL the
// goroutines before it waits for ANY of them, and returns only when every
// one has finished.
func RunAll(w io.Writer, lists ...[]int) {
	panic("exercise-1: write RunAll")
}
