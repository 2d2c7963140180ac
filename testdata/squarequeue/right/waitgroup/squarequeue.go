// Package squarequeue is a right answer in another style: a for loop with
// comma-ok receives, and a WaitGroup to join Child.
package squarequeue

import "sync"

// Child receives one n and sends its squares, then closes out.
func Child(in <-chan int, out chan<- int) {
	n, ok := <-in
	if ok {
		for i := 1; i <= n; i++ {
			out <- i * i
		}
	}
	close(out)
}

// Parent runs Child, sends n and collects the squares.
func Parent(n int) []int {
	in := make(chan int)
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		Child(in, out)
	}()
	in <- n
	squares := []int{}
	for {
		v, ok := <-out
		if !ok {
			break
		}
		squares = append(squares, v)
	}
	wg.Wait()
	return squares
}
