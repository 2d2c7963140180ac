// Package sumthread is exercise-1: a goroutine with arguments, and join.
//
// # What the notebook did
//
// "Write a target function for a thread that accepts any number of ints and
// displays the sum." The notebook's answer runs it on two threads:
//
//	def sum_fn(*args):
//	    res_sum = 0
//	    for val in args:
//	        res_sum += val
//
//	    print("The sum is: ", res_sum)
//
//	t1 = threading.Thread(target=sum_fn, name="First", args=(1,2,3,4,5))
//	t2 = threading.Thread(target=sum_fn, name="Second", args=(1,2,3))
//	t1.start()
//	t2.start()
//
// and prints "The sum is:  15" and "The sum is:  6". It does not join them;
// join came a few cells earlier:
//
//	t1.join() # Current thread (Main thread in this case) goes to wait state, get notified when t1 is dead
//
// Without it the notebook saw "Main thread exit" printed while t1 was
// still running ("We want the main thread to be the last to quit the
// application"). Python still waits for such a thread before the program
// ends.
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
//   - Go does not wait for goroutines at the end: when main returns, the
//     program ends and every goroutine dies at once, finished or not. That
//     is why joining matters in Go.
//   - Output from several goroutines can interleave, as the notebook's
//     "Thread name - Thread name -" lines did. Writing a whole line in ONE
//     Write call keeps lines whole on a writer that is safe to share.
//
// # Your task
//
// Write the four functions below. Sum and Report are sum_fn; Start is one
// thread's start, with a channel to join it; RunAll is the notebook's two
// threads, for any number of lists, joined. Replace each panic with your
// code; keep the signatures as they are (the checks call them).
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
