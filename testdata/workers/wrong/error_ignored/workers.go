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
		if cmd.Start() != nil {
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
			cmd.Wait() // the exit status is thrown away
		})
	}
	wg.Wait()
	return pids, nil
}
