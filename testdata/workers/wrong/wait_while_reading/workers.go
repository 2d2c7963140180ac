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
	for _, cmd := range cmds {
		out, perr := cmd.StdoutPipe()
		if perr != nil {
			return pids, perr
		}
		if serr := cmd.Start(); serr != nil {
			return pids, serr
		}
		pids = append(pids, cmd.Process.Pid)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				w.Write([]byte(sc.Text() + "\n"))
				mu.Unlock()
			}
		}()
	}
	for _, cmd := range cmds {
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = werr
		}
	}
	return pids, err
}
