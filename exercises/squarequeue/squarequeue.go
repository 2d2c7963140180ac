// Package squarequeue is exercise-4: parent and child sharing a queue.
//
// # What the notebook did
//
// "Sharing data in multiprocessing through Queue": a child process takes a
// value from a queue and puts back the squares 1*1 … n*n; the parent puts
// the value in, waits for the child and prints what is left in the queue.
//
//	def func(queue):
//	    value = queue.get()
//	    for i in range(1, value + 1):
//	        queue.put(i * i)
//
//	q = Queue()
//	child = Process(target=func, args=(q,))
//	q.put(5)
//	child.start()
//	child.join()
//	while not q.empty():
//	    print(q.get())
//
// Look at its output in the notebook: it printed 5, not the squares. The
// cell says why ("This works in VS Code or PyCharm, just won't run here"):
// a child process that is spawned rather than forked must import func by
// name, and a function typed into a notebook cell cannot be imported, so
// the child died before it touched the queue. child.join() returned at
// once, and the parent printed the 5 it had put in itself. Had the child
// run, it would have taken the 5 first: the parent reads only after join.
//
// # What Go does differently
//
//   - A goroutine runs any function of your program, closures included:
//     there is nothing to import, so this child cannot fail to start. (The
//     child here is a goroutine, not a process; exercise-5 uses real
//     processes.)
//   - A queue between goroutines is a channel. A send blocks until there is
//     room (an unbuffered channel has none: the sender waits for a
//     receiver), a receive blocks until there is a value.
//   - The notebook's one queue carries messages both ways, and only the
//     order of events (put, start, join, then get) keeps the parent from
//     reading back its own 5. Use one channel each way, typed by direction:
//     the child receives on `in <-chan int` and sends on `out chan<- int`.
//     The compiler then stops either side from reading its own messages.
//   - "empty()" has no reliable counterpart, and needs none: the sender
//     closes the channel when it has sent everything, and the receiver's
//     `for v := range out` ends exactly then. Forgetting close makes the
//     receiver wait forever: a deadlock.
//   - Join is the same idea as before: Parent returns only once Child has
//     finished, and no goroutine is left blocked behind it. Read first,
//     then join: a child blocked sending a square that nobody receives can
//     never finish.
//
// # Your task
//
// Write Child and Parent below. Keep the signatures as they are (the checks
// call them). Check your work with `go run ./checker exercise-4`; stuck?
// `go run ./checker hint exercise-4` reveals one hint at a time.
package squarequeue

// Child receives ONE number n from in, sends 1*1, 2*2, … n*n on out in that
// order, then closes out. For n <= 0 it sends nothing (and still closes
// out). It never receives from in a second time.
func Child(in <-chan int, out chan<- int) {
	panic("exercise-4: write Child")
}

// Parent runs Child on its own goroutine over two channels, sends it n,
// collects the squares in order and returns them. It returns only after
// Child has finished, leaving no goroutine behind. For n <= 0 the result is
// empty.
func Parent(n int) []int {
	panic("exercise-4: write Parent")
}
