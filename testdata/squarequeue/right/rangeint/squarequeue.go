// Package squarequeue is a right answer to exercise-4 in another style: a
// range over an int in Child, and a Parent that starts Child with a plain
// go statement and counts on the range over out to end when Child is done.
package squarequeue

// Child receives ONE number n from in, sends 1*1, 2*2, … n*n on out in that
// order, then closes out. For n <= 0 it sends nothing (and still closes
// out). It never receives from in a second time.
func Child(in <-chan int, out chan<- int) {
	n := <-in
	for i := range n { // no iterations when n <= 0
		out <- (i + 1) * (i + 1)
	}
	close(out)
}

// Parent runs Child on its own goroutine over two channels, sends it n,
// collects the squares in order and returns them. It returns only after
// Child has finished, leaving no goroutine behind. For n <= 0 the result is
// empty.
func Parent(n int) []int {
	in, out := make(chan int), make(chan int)
	go Child(in, out)
	in <- n
	squares := make([]int, 0, max(n, 0))
	for v := range out {
		squares = append(squares, v)
	}
	return squares
}
