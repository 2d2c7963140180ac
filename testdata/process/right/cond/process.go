// Package process is a known-right answer to exercise-8 in another style:
// the state of the child as one value under a mutex, and a sync.Cond that
// the waiting goroutine broadcasts on when the child has exited.
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
func IsChild() bool { return os.Getenv(ChildEnv) != "" }

type state int

const (
	created state = iota
	running
	exited
)

// Process is a child process that runs this same program again.
type Process struct {
	mu     sync.Mutex
	change *sync.Cond // broadcast when state becomes exited
	state  state
	cmd    *exec.Cmd
	err    error
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
	cmd := exec.Command(exe, args...)
	cmd.Env = append(cmd.Environ(), ChildEnv+"=yes")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	p := &Process{cmd: cmd}
	p.change = sync.NewCond(&p.mu)
	return p, nil
}

// Start starts the child and returns as soon as it runs, without waiting
// for it to exit. A second Start returns an error and starts nothing.
func (p *Process) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != created {
		return errors.New("process: a process can be started only once")
	}
	if err := p.cmd.Start(); err != nil {
		return err
	}
	p.state = running
	go func() {
		err := p.cmd.Wait()
		p.mu.Lock()
		p.state, p.err = exited, err
		p.mu.Unlock()
		p.change.Broadcast()
	}()
	return nil
}

// PID returns the child's process ID once Start has started it (0 before),
// and still after it has exited.
func (p *Process) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == created {
		return 0
	}
	return p.cmd.Process.Pid
}

// IsAlive reports whether the child has been started and has not yet
// exited, whether or not Join has been called.
func (p *Process) IsAlive() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state == running
}

// Join waits until the child has exited and returns its exit error: nil
// for exit status 0, an *exec.ExitError otherwise. It may be called many
// times, from many goroutines at once; each call returns the same error.
// Before Start it returns an error at once.
func (p *Process) Join() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == created {
		return errors.New("process: join before start")
	}
	for p.state != exited {
		p.change.Wait()
	}
	return p.err
}
