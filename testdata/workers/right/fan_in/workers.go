// Package workers is a correct answer to exercise-7 in another style: the
// children's lines meet in one channel and ONE goroutine writes them all, so
// w is only ever used from one place (no mutex needed).
package workers

import (
	"bufio"
	"io"
	"os/exec"
	"sync"
)

// RunAll starts every command, fans their lines in to one writer, and waits.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	lines := make(chan string)
	written := make(chan struct{})
	go func() {
		defer close(written)
		for l := range lines {
			io.WriteString(w, l)
		}
	}()
	type result struct {
		i   int
		err error
	}
	results := make(chan result, len(cmds))
	var readers sync.WaitGroup
	pids = make([]int, len(cmds))
	started := 0
	for i, cmd := range cmds {
		out, err := cmd.StdoutPipe()
		if err == nil {
			err = cmd.Start()
		}
		if err != nil {
			results <- result{i, err}
			continue
		}
		started++
		pids[i] = cmd.Process.Pid
		readers.Add(1)
		go func() {
			r := bufio.NewReader(out)
			for {
				l, rerr := r.ReadString('\n')
				if l != "" {
					if l[len(l)-1] != '\n' {
						l += "\n"
					}
					lines <- l
				}
				if rerr != nil {
					break
				}
			}
			readers.Done()
			results <- result{i, cmd.Wait()}
		}()
	}
	errs := make([]error, len(cmds))
	for range len(cmds) {
		r := <-results
		errs[r.i] = r.err
	}
	readers.Wait()
	close(lines)
	<-written
	for _, e := range errs {
		if e != nil {
			return pids, e
		}
	}
	return pids, nil
}
