package checkkit

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// rendezvousEnv tells a child that it was attached to a Rendezvous: its
// arrival pipe is file descriptor 3 and its go pipe file descriptor 4.
const rendezvousEnv = "CHECKKIT_RENDEZVOUS"

// Rendezvous holds child processes at a starting line until the check lets
// them go. A child announces itself with Arrive, which blocks until the
// check calls Release. Because the children of a sequential program never
// run at the same time, "all N arrived" proves that they did.
//
// It works over two OS pipes passed to each child as extra files (no
// network, no files on disk). Several children may share one Rendezvous;
// use one per child to release them one at a time.
type Rendezvous struct {
	arriveR, arriveW *os.File // children write arrival lines
	goR, goW         *os.File // the check writes one byte per released child

	mu       sync.Mutex
	arrivals []string
	changed  chan struct{} // closed and replaced at every arrival
}

// NewRendezvous makes a rendezvous; t's cleanup closes it.
func NewRendezvous(t testing.TB) *Rendezvous {
	t.Helper()
	r := &Rendezvous{changed: make(chan struct{})}
	var err error
	if r.arriveR, r.arriveW, err = os.Pipe(); err != nil {
		t.Fatalf("checkkit: rendezvous pipe: %v", err)
	}
	if r.goR, r.goW, err = os.Pipe(); err != nil {
		t.Fatalf("checkkit: rendezvous pipe: %v", err)
	}
	go r.listen()
	t.Cleanup(r.close)
	return r
}

func (r *Rendezvous) listen() {
	sc := bufio.NewScanner(r.arriveR)
	for sc.Scan() {
		r.mu.Lock()
		r.arrivals = append(r.arrivals, sc.Text())
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
	}
}

// close lets every waiting child go and closes the check's ends. Children
// still running keep their own copies of the pipes.
func (r *Rendezvous) close() {
	r.goW.Close() // a child still in Arrive reads EOF and carries on
	r.goR.Close()
	r.arriveW.Close()
	// arriveR is closed by listen's EOF once every child has exited; close
	// it now so that a stuck child cannot keep the goroutine alive.
	r.arriveR.Close()
}

// Attach makes cmd a member: its extra files become the rendezvous pipes
// (file descriptors 3 and 4 in the child). Call it before the command starts.
func (r *Rendezvous) Attach(cmd *exec.Cmd) {
	cmd.ExtraFiles = []*os.File{r.arriveW, r.goR}
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = append(env, rendezvousEnv+"=1")
}

// Arrivals returns the messages of the children that have arrived so far,
// in order of arrival.
func (r *Rendezvous) Arrivals() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.arrivals...)
}

// Await waits until n children have arrived or d has passed by the wall
// clock, and returns the arrivals so far (fewer than n when d passed). Use
// a d that no correct program comes near: it bounds a wait for children that
// a sequential program will never start.
func (r *Rendezvous) Await(n int, d time.Duration) []string {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		got, changed := len(r.arrivals), r.changed
		r.mu.Unlock()
		if got >= n {
			return r.Arrivals()
		}
		select {
		case <-changed:
		case <-deadline.C:
			return r.Arrivals()
		}
	}
}

// Release lets n children go: those waiting in Arrive now, or, for the rest
// of n, the next ones to arrive.
func (r *Rendezvous) Release(n int) {
	if n > 0 {
		r.goW.Write(make([]byte, n))
	}
}

// Arrive, in a child process attached to a Rendezvous, announces the child
// with msg (one line; newlines are replaced by spaces) and blocks until the
// check releases it (or the check's side is closed).
func Arrive(msg string) error {
	if os.Getenv(rendezvousEnv) == "" {
		return errors.New("checkkit: Arrive in a process that was not attached to a Rendezvous")
	}
	arrive, goPipe := os.NewFile(3, "rendezvous-arrive"), os.NewFile(4, "rendezvous-go")
	line := strings.ReplaceAll(msg, "\n", " ") + "\n"
	if _, err := arrive.WriteString(line); err != nil {
		return err
	}
	arrive.Close()
	var b [1]byte
	goPipe.Read(b[:]) // a byte, or EOF when the check is gone: go either way
	goPipe.Close()
	return nil
}
