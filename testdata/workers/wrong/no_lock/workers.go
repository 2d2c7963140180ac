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
	pids = make([]int, len(cmds))
	errs := make([]error, len(cmds))
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		out, perr := cmd.StdoutPipe()
		if perr != nil {
			errs[i] = perr
			continue
		}
		if serr := cmd.Start(); serr != nil {
			errs[i] = serr
			continue
		}
		pids[i] = cmd.Process.Pid
		wg.Go(func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				w.Write([]byte(sc.Text() + "\n")) // no lock: children write at once
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
