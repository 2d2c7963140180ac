package checkkit

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	pids     map[int]bool  // the processes that have arrived
	released int           // how many children Release has let go
	changed  chan struct{} // closed and replaced at every arrival
	holding  int           // its entry among the holders
}

// NewRendezvous makes a rendezvous; t's cleanup closes it.
func NewRendezvous(t testing.TB) *Rendezvous {
	t.Helper()
	r := &Rendezvous{changed: make(chan struct{}), pids: map[int]bool{}}
	var err error
	if r.arriveR, r.arriveW, err = os.Pipe(); err != nil {
		t.Fatalf("checkkit: rendezvous pipe: %v", err)
	}
	if r.goR, r.goW, err = os.Pipe(); err != nil {
		t.Fatalf("checkkit: rendezvous pipe: %v", err)
	}
	r.holding = holders.add(r)
	go r.listen()
	t.Cleanup(r.close)
	return r
}

func (r *Rendezvous) listen() {
	sc := bufio.NewScanner(r.arriveR)
	for sc.Scan() {
		pidText, msg, _ := strings.Cut(sc.Text(), " ")
		pid, _ := strconv.Atoi(pidText)
		r.mu.Lock()
		r.pids[pid] = true
		r.arrivals = append(r.arrivals, msg)
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
	}
}

// close lets every waiting child go and closes the check's ends. Children
// still running keep their own copies of the pipes.
func (r *Rendezvous) close() {
	holders.remove(r.holding)
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

// stallFor is how long the code under test must stay stuck (see stuck)
// before Await gives up early, at every poll of that while (ten in a
// row). Every child then waits on the check's word, which it is not
// given while Await waits: nothing outside the code can wake it.
const stallFor = time.Second

// Await waits until n children have arrived, or no more can arrive, or d has
// passed by the wall clock, and returns the arrivals so far (fewer than n
// when it gave up). Use a d that no correct program comes near: it bounds a
// wait for children that a sequential program will never start.
//
// No more can arrive, and Await returns at once instead of waiting out d,
// when for stallFor every child process of the test binary is held at a
// rendezvous that released none, and every goroutine of the code
// under test waits (for a channel, a lock, a pipe or a process) instead of
// running or starting a process: nothing is left that could start another
// child. (A program that waits on a timer inside a select for longer than
// that would be taken for stuck; none of the workbook's tasks calls for one.)
func (r *Rendezvous) Await(n int, d time.Duration) []string {
	awaiting.Add(1)
	defer awaiting.Add(-1)
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	var still stillness
	for {
		r.mu.Lock()
		got, changed := len(r.arrivals), r.changed
		r.mu.Unlock()
		if got >= n {
			return r.Arrivals()
		}
		select {
		case <-changed:
			still = stillness{}
		case <-poll.C:
			if still.held(stuck(), stallFor) {
				return r.Arrivals()
			}
		case <-deadline.C:
			return r.Arrivals()
		}
	}
}

// awaiting counts the Awaits in progress: while one is, it alone judges
// whether the code is stuck (and the check says what that means), so
// Within's watch stands by.
var awaiting atomic.Int32

// A Holder holds child processes of the test binary at the check's word:
// each process it names waits, doing nothing else, until the check lets it
// go. A Rendezvous is one; a kit whose children wait some other way (on a
// FIFO, say) can be one too. The stuck watches (Stuck, Within, Await) take
// code that only waits, while every child is held, for code that can never
// go on: nothing is left that could wake it.
type Holder interface {
	// Held returns the pids of the processes held now. Once the check has
	// let any go, which still wait may be unknown: then it returns none.
	// It is called from the watches' own goroutines.
	Held() []int
}

// Holding counts h's processes as held (see Holder) until t ends.
func Holding(t testing.TB, h Holder) {
	id := holders.add(h)
	t.Cleanup(func() { holders.remove(id) })
}

// holders are the Holders in force: the rendezvous not yet closed, and
// those Holding registered.
var holders = holderSet{set: map[int]Holder{}}

// holderSet keeps Holders by a number of their own (a Holder need not be
// comparable).
type holderSet struct {
	sync.Mutex
	set  map[int]Holder
	last int
}

func (s *holderSet) add(h Holder) int {
	s.Lock()
	defer s.Unlock()
	s.last++
	s.set[s.last] = h
	return s.last
}

func (s *holderSet) remove(id int) {
	s.Lock()
	delete(s.set, id)
	s.Unlock()
}

// held returns every process held by a Holder in force.
func (s *holderSet) held() map[int]bool {
	s.Lock()
	hs := make([]Holder, 0, len(s.set))
	for _, h := range s.set {
		hs = append(hs, h)
	}
	s.Unlock()
	held := map[int]bool{}
	for _, h := range hs {
		for _, p := range h.Held() {
			held[p] = true
		}
	}
	return held
}

// Held returns the processes held at r: all that arrived, as long as none
// was released (after a Release, which ones still wait is unknown).
func (r *Rendezvous) Held() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.released > 0 {
		return nil
	}
	pids := make([]int, 0, len(r.pids))
	for p := range r.pids {
		pids = append(pids, p)
	}
	return pids
}

// stuck reports whether nothing can make another child arrive: every child
// process of the test binary is alive and held by a Holder in force, and
// the code under test only waits.
func stuck() bool {
	held := holders.held()
	kids, err := Children()
	if err != nil {
		return false
	}
	for _, k := range kids {
		if k.State == "Z" || !held[k.PID] {
			return false
		}
	}
	return codeStuck()
}

// Release lets n children go: those waiting in Arrive now, or, for the rest
// of n, the next ones to arrive.
func (r *Rendezvous) Release(n int) {
	if n > 0 {
		r.mu.Lock()
		r.released += n
		r.mu.Unlock()
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
	line := strconv.Itoa(os.Getpid()) + " " + strings.ReplaceAll(msg, "\n", " ") + "\n"
	if _, err := arrive.WriteString(line); err != nil {
		return err
	}
	arrive.Close()
	var b [1]byte
	goPipe.Read(b[:]) // a byte, or EOF when the check is gone: go either way
	goPipe.Close()
	return nil
}
