// Package workers is the reference answer to exercise-7: worker processes
// side by side, output under a lock.
package workers

import (
	"bufio"
	"io"
	"os/exec"
	"sync"
)

// RunAll starts every command before waiting for any, copies each child's
// stdout to w whole line by whole line under one lock, waits for all, and
// returns their PIDs in order and the first error (after every wait).
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	pids = make([]int, len(cmds))
	errs := make([]error, len(cmds))
	var mu sync.Mutex // held for each whole line written to w
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		out, err := cmd.StdoutPipe()
		if err != nil {
			errs[i] = err
			continue
		}
		if err := cmd.Start(); err != nil {
			errs[i] = err
			continue
		}
		pids[i] = cmd.Process.Pid
		wg.Go(func() {
			sc := bufio.NewScanner(out)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := append(append(make([]byte, 0, len(sc.Bytes())+1), sc.Bytes()...), '\n')
				mu.Lock()
				_, werr := w.Write(line)
				mu.Unlock()
				if werr != nil && errs[i] == nil {
					errs[i] = werr
				}
			}
			if serr := sc.Err(); serr != nil && errs[i] == nil {
				errs[i] = serr
			}
			io.Copy(io.Discard, out) // after an error, let the child finish
			// Only now, with the pipe read to its end, wait (join).
			if werr := cmd.Wait(); werr != nil {
				errs[i] = werr
			}
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
