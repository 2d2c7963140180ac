// Package workers is a known-wrong answer to exercise-7 (see want.txt).
package workers

import (
	"io"
	"os/exec"
	"sync"
)

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// RunAll is the answer under test.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	var mu sync.Mutex
	for _, cmd := range cmds {
		cmd.Stdout = lockedWriter{&mu, w}
		if serr := cmd.Start(); serr != nil {
			if err == nil {
				err = serr
			}
			pids = append(pids, 0)
			continue
		}
		pids = append(pids, cmd.Process.Pid)
	}
	for _, cmd := range cmds {
		if cmd.Process == nil {
			continue
		}
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = werr
		}
	}
	return pids, err
}
