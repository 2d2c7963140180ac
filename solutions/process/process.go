// Package process is the reference answer to exercise-8: a child process
// that runs this same program again, marked by an environment variable,
// with a goroutine that waits for it from Start on.
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

// Process is a child process that runs this same program again.
type Process struct {
	cmd *exec.Cmd

	mu      sync.Mutex
	started bool
	pid     int

	done chan struct{} // closed once the child has exited and been waited for
	err  error         // the exit error, written before done is closed
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
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	return &Process{cmd: cmd, done: make(chan struct{})}, nil
}

// Start starts the child and returns as soon as it runs, without waiting
// for it to exit. A second Start returns an error and starts nothing.
func (p *Process) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return errors.New("process: already started")
	}
	if err := p.cmd.Start(); err != nil {
		return err
	}
	p.started = true
	p.pid = p.cmd.Process.Pid
	go func() {
		// The only Wait: it reaps the child as soon as it exits.
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return nil
}

// PID returns the child's process ID once Start has started it (0 before),
// and still after it has exited.
func (p *Process) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pid
}

// IsAlive reports whether the child has been started and has not yet
// exited, whether or not Join has been called.
func (p *Process) IsAlive() bool {
	p.mu.Lock()
	started := p.started
	p.mu.Unlock()
	if !started {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Join waits until the child has exited and returns its exit error: nil
// for exit status 0, an *exec.ExitError otherwise. It may be called many
// times, from many goroutines at once; each call returns the same error.
// Before Start it returns an error at once.
func (p *Process) Join() error {
	p.mu.Lock()
	started := p.started
	p.mu.Unlock()
	if !started {
		return errors.New("process: join before start")
	}
	<-p.done
	return p.err
}
