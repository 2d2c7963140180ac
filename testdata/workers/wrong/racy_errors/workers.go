// Package workers is a known-wrong answer to exercise-7 (see want.txt).
package workers

import (
	"bufio"
	"io"
	"os/exec"
	"sync"
)

// RunAll is the answer under test.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	pids = make([]int, len(cmds))
	for i, cmd := range cmds {
		out, _ := cmd.StdoutPipe()
		if serr := cmd.Start(); serr != nil {
			err = serr
			continue
		}
		pids[i] = cmd.Process.Pid
		wg.Go(func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				w.Write([]byte(sc.Text() + "\n"))
				mu.Unlock()
			}
			if werr := cmd.Wait(); werr != nil {
				err = werr // no lock: a data race with the other goroutines
			}
			if err != nil {
				_ = err.Error()
			}
		})
	}
	wg.Wait()
	return pids, err
}
