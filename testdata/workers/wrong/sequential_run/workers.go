// Package workers is a known-wrong answer to exercise-7 (see want.txt).
package workers

import (
	"bytes"
	"io"
	"os/exec"
)

// RunAll is the answer under test.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	for _, cmd := range cmds {
		var out bytes.Buffer
		cmd.Stdout = &out
		if rerr := cmd.Run(); rerr != nil && err == nil {
			err = rerr
		}
		pids = append(pids, cmd.Process.Pid)
		w.Write(out.Bytes())
	}
	return pids, err
}
