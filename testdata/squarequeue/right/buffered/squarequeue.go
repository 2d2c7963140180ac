// Package squarequeue is a right answer in another style: buffered
// channels, and Parent joins Child by ranging until out is closed.
package squarequeue

// Child receives one n and sends its squares, then closes out.
func Child(in <-chan int, out chan<- int) {
	defer close(out)
	n := <-in
	for i := 1; i <= n; i++ {
		out <- i * i
	}
}

// Parent runs Child, sends n and collects the squares.
func Parent(n int) []int {
	in := make(chan int, 1)
	out := make(chan int, 64)
	in <- n
	go Child(in, out)
	var squares []int
	for v := range out {
		squares = append(squares, v)
	}
	return squares
}
