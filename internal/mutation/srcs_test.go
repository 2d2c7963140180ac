package mutation

// Small packages the operator tests mutate.

const lockSrc = `package p

import "sync"

type C struct {
	mu sync.Mutex
	n  int
}

func (c *C) Inc() int {
	c.mu.Lock()
	c.n++
	v := c.n
	c.mu.Unlock()
	return v
}

func (c *C) Get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
`

const rwSrc = `package p

import "sync"

type C struct {
	mu sync.RWMutex
	n  int
}

func (c *C) Set(v int) {
	c.mu.Lock()
	c.n = v
	c.mu.Unlock()
}

func (c *C) Get() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}
`

const localLockSrc = `package p

import (
	"io"
	"sync"
)

func All(w io.Writer, lines [][]byte) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, l := range lines {
		wg.Go(func() {
			mu.Lock()
			w.Write(l)
			mu.Unlock()
		})
	}
	wg.Wait()
}
`

const writeSrc = `package p

import (
	"fmt"
	"io"
	"time"
)

func Report(w io.Writer, name string, n int, pause time.Duration) {
	time.Sleep(pause)
	fmt.Fprintf(w, "%s has %d\n", name, n)
}
`

const wgSrc = `package p

import "sync"

func Run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}
`

const wgGoSrc = `package p

import "sync"

func Run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(func() { f() })
	}
	wg.Wait()
}
`

const doneSrc = `package p

func Start(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return done
}

func Join(done <-chan struct{}) {
	<-done
}
`

const queueSrc = `package p

func Child(in <-chan int, out chan<- int) {
	defer close(out)
	n := <-in
	for i := 1; i <= n; i++ {
		out <- i
	}
}

func Parent(n int) []int {
	in, out := make(chan int), make(chan int, 4)
	go Child(in, out)
	in <- n
	var got []int
	for v := range out {
		got = append(got, v)
	}
	return got
}
`

const pairSrc = `package p

func Pair(n int) int {
	in, done := make(chan int), make(chan struct{})
	go func() {
		defer close(done)
		in <- n
	}()
	v := <-in
	<-done
	return v
}
`

const tickSrc = `package p

import (
	"context"
	"time"
)

func Tick(ctx context.Context, every time.Duration, f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ctx.Err() != nil {
					return
				}
				f()
			}
		}
	}()
	return done
}
`

const flagSrc = `package p

import (
	"errors"
	"sync"
)

type T struct {
	mu      sync.Mutex
	started bool
}

func (t *T) Start() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started {
		return errors.New("twice")
	}
	t.started = true
	return nil
}
`

const procSrc = `package p

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
)

func Ask(cmd *exec.Cmd, n int) ([]string, error) {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdin, "%d\n", n)
	stdin.Close()
	var lines []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, stderr.String())
	}
	if len(lines) != n {
		return nil, fmt.Errorf("short")
	}
	return lines, nil
}

func Serve(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("hi\n")
	return bw.Flush()
}
`

const errPathSrc = `package p

import (
	"io"
	"os/exec"
)

func Run(cmd *exec.Cmd, check func(io.Reader) error) error {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	if err := check(out); err != nil {
		io.Copy(io.Discard, out)
		cmd.Wait()
		return err
	}
	return cmd.Wait()
}
`

const procLoopSrc = `package p

import "os/exec"

func RunAll(cmds []*exec.Cmd) error {
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			return err
		}
	}
	var first error
	for _, c := range cmds {
		if err := c.Wait(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
`

const joinSrc = `package p

import "sync"

type T struct {
	mu      sync.Mutex
	started bool
	done    chan struct{}
}

func (t *T) Join() bool {
	t.mu.Lock()
	started := t.started
	t.mu.Unlock()
	if !started {
		return false
	}
	<-t.done
	return true
}
`
