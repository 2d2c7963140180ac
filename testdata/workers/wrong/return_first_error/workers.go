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
	copied := make([]chan struct{}, len(cmds))
	for i, cmd := range cmds {
		out, perr := cmd.StdoutPipe()
		if perr != nil {
			return pids, perr
		}
		if serr := cmd.Start(); serr != nil {
			return pids, serr
		}
		pids = append(pids, cmd.Process.Pid)
		copied[i] = make(chan struct{})
		go func() {
			defer close(copied[i])
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				w.Write([]byte(sc.Text() + "\n"))
				mu.Unlock()
			}
		}()
	}
	for i, cmd := range cmds {
		<-copied[i]
		if werr := cmd.Wait(); werr != nil {
			return pids, werr // the later children are never waited for
		}
	}
	return pids, nil
}
