// Package workers is a correct answer to exercise-7 in another style: an
// io.Writer per child, set as cmd.Stdout, that passes on whole lines only,
// under a lock shared by all of them. os/exec copies the pipe into it, and
// cmd.Wait waits for that copy to finish.
package workers

import (
	"bytes"
	"io"
	"os/exec"
	"sync"
)

type lineWriter struct {
	mu   *sync.Mutex
	w    io.Writer
	tail []byte // the unfinished line so far
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.tail = append(l.tail, p...)
	end := bytes.LastIndexByte(l.tail, '\n')
	if end < 0 {
		return len(p), nil
	}
	l.mu.Lock()
	_, err := l.w.Write(l.tail[:end+1])
	l.mu.Unlock()
	l.tail = append(l.tail[:0], l.tail[end+1:]...)
	return len(p), err
}

func (l *lineWriter) flush() {
	if len(l.tail) > 0 {
		l.mu.Lock()
		l.w.Write(append(l.tail, '\n'))
		l.mu.Unlock()
		l.tail = nil
	}
}

// RunAll starts every command, then waits for each in turn.
func RunAll(cmds []*exec.Cmd, w io.Writer) (pids []int, err error) {
	var mu sync.Mutex
	pids = make([]int, len(cmds))
	writers := make([]*lineWriter, len(cmds))
	errs := make([]error, len(cmds)) // one per command, in their order
	for i, cmd := range cmds {
		writers[i] = &lineWriter{mu: &mu, w: w}
		cmd.Stdout = writers[i]
		if err := cmd.Start(); err != nil {
			errs[i] = err
			continue
		}
		pids[i] = cmd.Process.Pid
	}
	for i, cmd := range cmds {
		if cmd.Process == nil {
			continue
		}
		if err := cmd.Wait(); err != nil {
			errs[i] = err
		}
		writers[i].flush()
	}
	for _, err := range errs {
		if err != nil {
			return pids, err // the first one, in the order of the commands
		}
	}
	return pids, nil
}
