// Package workers is a known-wrong answer to exercise-7 (see want.txt).
package workers

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"sync"
)

// RunAll is the answer under test.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(cmds))
	for i, cmd := range cmds {
		out, _ := cmd.StdoutPipe()
		if serr := cmd.Start(); serr != nil {
			errs[i] = serr
			continue
		}
		pids = append(pids, os.Getpid()) // the parent's PID, not the worker's
		wg.Go(func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				w.Write([]byte(sc.Text() + "\n"))
				mu.Unlock()
			}
			errs[i] = cmd.Wait()
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return pids, e
		}
	}
	return pids, nil
}
