// Package squarequeue is a known-wrong answer to exercise-4: parent and
// child sharing a queue, one channel each way.
package squarequeue

// Child receives ONE number n from in, sends 1*1, 2*2, … n*n on out in that
// order, then closes out. For n <= 0 it sends nothing (and still closes
// out). It never receives from in a second time.
func Child(in <-chan int, out chan<- int) {
	defer close(out)
	n := <-in
	for i := 1; i <= n; i++ {
		out <- i * i
	}
}

// Parent runs Child on its own goroutine over two channels, sends it n,
// collects the squares in order and returns them. It returns only after
// Child has finished, leaving no goroutine behind. For n <= 0 the result is
// empty.
func Parent(n int) []int {
	// One queue, as in the notebook: put n, start the child, join it,
	// then drain what is left.
	q := make(chan int, 100) // a buffer, so that the child can put its squares
	q <- n
	done := make(chan struct{})
	go func() {
		defer close(done)
		Child(q, q)
	}()
	<-done
	var squares []int
	for v := range q {
		squares = append(squares, v)
	}
	return squares
}
