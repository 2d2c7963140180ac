// Package workers is a known-wrong answer to exercise-7 (see want.txt).
package workers

import (
	"bufio"
	"io"
	"os/exec"
)

// RunAll is the answer under test.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	outs := make([]io.Reader, len(cmds))
	for i, cmd := range cmds {
		outs[i], _ = cmd.StdoutPipe()
		if serr := cmd.Start(); serr != nil {
			return pids, serr
		}
		pids = append(pids, cmd.Process.Pid)
	}
	for i, cmd := range cmds {
		werr := cmd.Wait() // too early: the child may be stuck writing to a full pipe
		sc := bufio.NewScanner(outs[i])
		for sc.Scan() {
			w.Write([]byte(sc.Text() + "\n"))
		}
		if werr != nil && err == nil {
			err = werr
		}
	}
	return pids, err
}
