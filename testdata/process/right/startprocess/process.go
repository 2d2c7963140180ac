// Package process is a known-right answer to exercise-8 in another style:
// os.StartProcess instead of os/exec, the child's exit status turned into
// an *exec.ExitError by hand, and the state in a channel per event.
package process

import (
	"errors"
	"os"
	"os/exec"
	"sync"
)

// ChildEnv is the environment variable that marks a process started by
// NewProcess as this program's child.
const ChildEnv = "PROCESS_CHILD"

// IsChild reports whether this process was started by NewProcess: whether
// ChildEnv is set in its environment. It is the Go counterpart of Python's
// `if __name__ == '__main__':` guard, the other way round.
func IsChild() bool {
	_, set := os.LookupEnv(ChildEnv)
	return set
}

// Process is a child process that runs this same program again.
type Process struct {
	argv []string
	env  []string

	once    sync.Once
	started chan struct{} // closed by the first Start that succeeded
	proc    *os.Process   // set before started is closed
	exited  chan struct{} // closed once the child has been waited for
	err     error         // set before exited is closed
}

// NewProcess returns a Process that will run this program again
// (os.Executable) with args as its arguments, the parent's environment
// with ChildEnv set, and the parent's stdout and stderr. It does not start
// it.
func NewProcess(args ...string) (*Process, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &Process{
		argv:    append([]string{exe}, args...),
		env:     append(os.Environ(), ChildEnv+"=1"),
		started: make(chan struct{}),
		exited:  make(chan struct{}),
	}, nil
}

// Start starts the child and returns as soon as it runs, without waiting
// for it to exit. A second Start returns an error and starts nothing.
func (p *Process) Start() error {
	err := errors.New("process: already started")
	p.once.Do(func() {
		var null *os.File
		if null, err = os.Open(os.DevNull); err != nil {
			return
		}
		defer null.Close()
		p.proc, err = os.StartProcess(p.argv[0], p.argv, &os.ProcAttr{
			Env:   p.env,
			Files: []*os.File{null, os.Stdout, os.Stderr},
		})
		if err != nil {
			return
		}
		close(p.started)
		go p.wait()
	})
	return err
}

// wait waits for the child, once, and notes how it ended.
func (p *Process) wait() {
	state, err := p.proc.Wait()
	if err == nil && !state.Success() {
		err = &exec.ExitError{ProcessState: state}
	}
	p.err = err
	close(p.exited)
}

// PID returns the child's process ID once Start has started it (0 before),
// and still after it has exited.
func (p *Process) PID() int {
	select {
	case <-p.started:
		return p.proc.Pid
	default:
		return 0
	}
}

// IsAlive reports whether the child has been started and has not yet
// exited, whether or not Join has been called.
func (p *Process) IsAlive() bool {
	select {
	case <-p.exited:
		return false
	default:
	}
	select {
	case <-p.started:
		return true
	default:
		return false
	}
}

// Join waits until the child has exited and returns its exit error: nil
// for exit status 0, an *exec.ExitError otherwise. It may be called many
// times, from many goroutines at once; each call returns the same error.
// Before Start it returns an error at once.
func (p *Process) Join() error {
	select {
	case <-p.started:
	default:
		return errors.New("process: join before start")
	}
	<-p.exited
	return p.err
}
