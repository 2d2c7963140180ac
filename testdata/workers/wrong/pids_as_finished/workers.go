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
	for _, cmd := range cmds {
		out, _ := cmd.StdoutPipe()
		if serr := cmd.Start(); serr != nil {
			mu.Lock()
			if err == nil {
				err = serr
			}
			mu.Unlock()
			continue
		}
		wg.Go(func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				w.Write([]byte(sc.Text() + "\n"))
				mu.Unlock()
			}
			werr := cmd.Wait()
			mu.Lock()
			pids = append(pids, cmd.Process.Pid) // in the order they finish
			if werr != nil && err == nil {
				err = werr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return pids, err
}
