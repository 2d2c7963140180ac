package process_test

// The process checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included).
//
// A Process runs the test program itself again, so the test program is
// also the child program: its init takes the learner's guard as a main
// would, and a process the guard calls a child runs childMain below
// instead of the checks. Children are told by their arguments what to do
// (report who they are into a folder of the check's, wait until the check
// lets them go, exit with a status). A child of the test program that the
// guard does NOT call a child is stopped before it could run the checks
// again, and reports that.
//
// The checks cannot attach a checkkit.Rendezvous to the learner's Process
// (its command is not theirs to touch), and sockets are closed in the
// sandbox; a child finds the check through a folder named in its
// arguments: it writes its report there, and waits on a FIFO there until
// the check releases it.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"check/checkkit"
	"check/process"
)

const (
	// topEnv, in the test program's environment, holds its pid: a process
	// started from it inherits the mark and is never taken for a test
	// program itself.
	topEnv = "PROCESS_CHECK_TOP"
	// kitChildEnv marks a child started with checkkit.Command (by another
	// exercise's checks in the same test program): checkkit.Main runs it.
	kitChildEnv = "CHECKKIT_CHILD"
	// badArgsExit is the status of a child whose arguments are not the
	// ones the check gave; unguardedExit that of a child in which
	// IsChild() was not true.
	badArgsExit   = 78
	unguardedExit = 79
	// releaseName is the FIFO in a check's folder that held children wait on.
	releaseName = "release"
)

// The learner's guard, first thing in the test program, as in a main.
func init() {
	if os.Getenv(kitChildEnv) != "" {
		return
	}
	if testProgram() {
		os.Setenv(topEnv, strconv.Itoa(os.Getpid()))
		return
	}
	if owner := childOwner(); owner != "" && owner != kitID {
		return // started by another version of the code, with a kit of its own
	}
	// What the parent gave, before the guard could change it.
	startEnv.value, startEnv.set = os.LookupEnv(process.ChildEnv)
	isChild, panicked := guard()
	if isChild {
		os.Exit(childMain(os.Args[1:]))
	}
	os.Exit(unguarded(os.Args[1:], panicked))
}

// startEnv is ChildEnv in a child's environment as the child started.
var startEnv struct {
	value string
	set   bool
}

// testProgram reports whether this process is the test program the checker
// started, not one that the code under check started from it: not marked by
// a test program's environment, its parent another program, and given the
// testing package's flags.
func testProgram() bool {
	if top := os.Getenv(topEnv); top != "" {
		// Marked by this very process: by the kit of another version of
		// the code in the same test program.
		return top == strconv.Itoa(os.Getpid())
	}
	if sameProgram(os.Getppid()) {
		return false
	}
	return len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-test.")
}

// kitID names this copy of the kit. One test program may hold several
// versions of the code (known-wrong and known-right submissions), each
// with its checks and kit: a child runs the guard of the version whose
// check started it, which wrote its kitID into the check's folder.
var kitID = reflect.TypeFor[report]().PkgPath()

// ownerName is the file in a check's folder that holds the kitID of the
// checks that made it.
const ownerName = "owner"

// childOwner is the kitID of the checks that started this child, or ""
// when the child cannot find their folder.
func childOwner() string {
	dir := reportDir(os.Args[1:])
	if dir == "" {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(dir, ownerName))
	if err != nil {
		return ""
	}
	return string(data)
}

// sameProgram reports whether process pid runs this very program file.
func sameProgram(pid int) bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	self, err := os.Stat(exe)
	if err != nil {
		return false
	}
	other, err := os.Stat(fmt.Sprintf("/proc/%d/exe", pid))
	return err == nil && os.SameFile(self, other)
}

// guard calls the learner's IsChild, which may still panic.
func guard() (isChild bool, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			isChild, panicked = false, fmt.Sprint(r)
		}
	}()
	return process.IsChild(), ""
}

// childMain is the child program, told by its arguments what to do:
//
//	report DIR MODE CODE ARG...
//
// writes a report into DIR; with MODE "hold", waits until the check
// releases it; exits with status CODE. ARG... are there for the check.
func childMain(args []string) int {
	dir := reportDir(args)
	if dir != "" {
		if err := writeReport(dir, true, ""); err != nil {
			fmt.Fprintf(os.Stderr, "process checks' child: %v\n", err)
			return badArgsExit
		}
	}
	if len(args) >= 4 && args[0] == "report" {
		if code, err := strconv.Atoi(args[3]); err == nil {
			if args[2] == "hold" {
				awaitRelease(dir)
			}
			return code
		}
	}
	fmt.Fprintf(os.Stderr, "process checks' child: started with arguments %q, which are not the ones the check gave to NewProcess\n", args)
	return badArgsExit
}

// unguarded is what a child of the test program does when the learner's
// IsChild did not call it a child: it would run the checks again, and start
// children of its own, and so on. It reports what it saw and stops.
func unguarded(args []string, panicked string) int {
	if dir := reportDir(args); dir != "" {
		writeReport(dir, false, panicked)
	}
	why := "IsChild() was false"
	if panicked != "" {
		why = "IsChild() panicked (" + panicked + ")"
	}
	fmt.Fprintf(os.Stderr, "process checks: this program was started again by the code under check, but %s in it: it would run the parent's main (here: the checks) again, so it stops\n", why)
	return unguardedExit
}

// dirEnv names the check's folder in the environment too, for a child whose
// arguments came out wrong.
const dirEnv = "PROCESS_CHECK_DIR"

func reportDir(args []string) string {
	if len(args) >= 2 && args[0] == "report" {
		return args[1]
	}
	return os.Getenv(dirEnv)
}

// report is what a child tells the check about itself.
type report struct {
	PID, PPID   int
	Guard       bool   // IsChild() was true in the child
	GuardPanic  string // IsChild panicked in the child
	HasChildEnv bool   // ChildEnv was set in the child's environment
	ChildEnv    string // and its value
	Top         string // the test program's mark, when the environment was inherited
	SameProgram bool   // the child runs the same program file as its parent
	Args        []string
	Stdout      string // "dev:inode" of the child's file descriptors 1 and 2
	Stderr      string
}

func writeReport(dir string, isChild bool, panicked string) error {
	r := report{
		PID: os.Getpid(), PPID: os.Getppid(), Guard: isChild, GuardPanic: panicked,
		Top: os.Getenv(topEnv), SameProgram: sameProgram(os.Getppid()),
		Args: os.Args[1:], Stdout: fileID(1), Stderr: fileID(2),
	}
	r.ChildEnv, r.HasChildEnv = startEnv.value, startEnv.set
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	// Written whole, then renamed: the check never reads half a report.
	tmp := filepath.Join(dir, fmt.Sprintf(".report-%d", r.PID))
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, fmt.Sprintf("report-%d.json", r.PID)))
}

// fileID identifies the open file behind file descriptor fd.
func fileID(fd int) string {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return ""
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
}

// awaitRelease blocks until the check writes a byte to the folder's FIFO,
// or closes its end of it (then every child waiting goes).
func awaitRelease(dir string) {
	f, err := os.OpenFile(filepath.Join(dir, releaseName), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return
	}
	defer f.Close()
	var b [1]byte
	f.Read(b[:])
}

// within bounds a check by the wall clock (child processes are real), and
// ends it as a deadlock once the code under check has been stuck for twice
// stuckWait: a child at work may yet answer, so only code that waits while
// every child is gone or held by the check (the lab is a checkkit.Holder)
// is taken for stuck. Twice, so that a check's own watch (startReturns,
// say) speaks first, every time, and says what it knows.
func within(t *testing.T, what string) {
	t.Helper()
	checkkit.WithinNotStuck(t, 45*time.Second, 2*stuckWait, what)
}

// lab is a check's side of its children: a folder they report into, the
// FIFO they wait on, and the test program's children from before.
type lab struct {
	t        *testing.T
	dir      string
	release  *os.File
	released atomic.Bool // Release was called: which children still wait is unknown
	before   map[int]bool
	seen     map[int]bool
	want     map[*process.Process][]string // the arguments each Process was given
}

func newLab(t *testing.T) *lab {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ownerName), []byte(kitID), 0o600); err != nil {
		t.Fatalf("process checks: %v", err)
	}
	fifo := filepath.Join(dir, releaseName)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("process checks: make a FIFO: %v", err)
	}
	// Open for reading and writing: the open does not wait for a reader,
	// and a child waiting on the FIFO reads EOF only once this is closed.
	f, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("process checks: open a FIFO: %v", err)
	}
	t.Cleanup(func() { f.Close() }) // lets every child still held go
	t.Setenv(dirEnv, dir)
	l := &lab{t: t, dir: dir, release: f, before: map[int]bool{}, seen: map[int]bool{}, want: map[*process.Process][]string{}}
	checkkit.Holding(t, l)
	kids, _ := checkkit.Children()
	for _, k := range kids {
		l.before[k.PID] = true
	}
	return l
}

// args are the arguments of a child that reports into the lab, then holds
// (mode "hold") or goes on (mode "go"), and exits with code.
func (l *lab) args(mode string, code int, extra ...string) []string {
	return append([]string{"report", l.dir, mode, strconv.Itoa(code)}, extra...)
}

// process is NewProcess(args...), which must succeed.
func (l *lab) process(args ...string) *process.Process {
	l.t.Helper()
	p, err := process.NewProcess(args...)
	if err != nil {
		checkkit.Fatal(l.t, checkkit.Wrong, "NewProcess(%q) returned the error %v: it only makes the command (os.Executable and exec.Command), and these cannot fail here", args, err)
	}
	if p == nil {
		checkkit.Fatal(l.t, checkkit.Wrong, "NewProcess(%q) returned a nil *Process and no error", args)
	}
	l.want[p] = args
	return p
}

// Release lets n held children go.
func (l *lab) Release(n int) {
	l.released.Store(true)
	l.release.Write(make([]byte, n))
}

// Held returns the children that reported into the lab and wait on its
// FIFO (checkkit.Holder), until the check releases any: while they are
// held, code that only waits cannot be woken by them.
func (l *lab) Held() []int {
	if l.released.Load() {
		return nil
	}
	var pids []int
	for _, r := range l.reports() {
		if r.holds() {
			pids = append(pids, r.PID)
		}
	}
	return pids
}

// holds reports whether the child that wrote r waits on the FIFO once it
// has: it took the child's branch of the guard, with arguments that say
// "hold" (see childMain).
func (r report) holds() bool {
	if !r.Guard || len(r.Args) < 4 || r.Args[0] != "report" || r.Args[2] != "hold" {
		return false
	}
	_, err := strconv.Atoi(r.Args[3])
	return err == nil
}

// reports reads the reports the lab's children have written so far, in
// the order of their names.
func (l *lab) reports() []report {
	names, _ := filepath.Glob(filepath.Join(l.dir, "report-*.json"))
	var rs []report
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			continue
		}
		var r report
		if json.Unmarshal(data, &r) == nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// newReport returns a report the check has not seen yet.
func (l *lab) newReport() (report, bool) {
	for _, r := range l.reports() {
		if !l.seen[r.PID] {
			l.seen[r.PID] = true
			return r, true
		}
	}
	return report{}, false
}

// newChildren lists the test program's child processes that the check
// started, with their states ("Z" for a zombie).
func (l *lab) newChildren() map[int]string {
	kids, _ := checkkit.Children()
	m := map[int]string{}
	for _, k := range kids {
		if !l.before[k.PID] {
			m[k.PID] = k.State
		}
	}
	return m
}

// childRunning reports whether a child the check started still runs.
func (l *lab) childRunning() bool {
	for _, state := range l.newChildren() {
		if state != "Z" {
			return true
		}
	}
	return false
}

// startWait is how long Start may still take once its child has reported:
// a Start that returns as soon as the child runs has long returned by then.
const startWait = 10 * time.Second

// stuckWait is how long the code under check may be stuck (see
// checkkit.Stuck) while a check waits for one of its calls to return, and
// every child is held by the check: nothing is left that could wake the
// code then, so a call still waiting would wait for ever. A call that
// sleeps, runs or starts a process is never stuck: startWait bounds it.
const stuckWait = 500 * time.Millisecond

// when returns a channel that is closed once watch (checkkit.Stuck or
// checkkit.Still) reports that the code under check has been so for d;
// closing done stops the watch. It lets a check wait for the code and
// for the watch in one select.
func when(watch func(time.Duration, <-chan struct{}) bool, d time.Duration, done <-chan struct{}) <-chan struct{} {
	c := make(chan struct{})
	go func() {
		if watch(d, done) {
			close(c)
		}
	}()
	return c
}

// start calls p.Start, which must succeed and return while the child runs,
// and returns the report of the child it started, which must have run the
// child program with the arguments p was given.
func (l *lab) start(p *process.Process) report {
	l.t.Helper()
	started := make(chan error, 1)
	go func() { started <- p.Start() }()
	r := l.await(p, started)
	return r
}

// await waits for the report of the child p started; started, when not
// nil, delivers Start's result.
func (l *lab) await(p *process.Process, started chan error) report {
	t := l.t
	t.Helper()
	returned := started == nil
	for i := 0; ; i++ {
		if !returned {
			select {
			case err := <-started:
				returned = true
				if err != nil {
					checkkit.Fatal(t, checkkit.Wrong, "the first Start of a new Process returned the error %v; want nil", err)
				}
			default:
			}
		}
		r, ok := l.newReport()
		// Now and then (see childState), see whether a child still runs.
		if !ok && returned && i%20 == 0 && !l.childRunning() {
			// The child writes its report before it exits: look again.
			if r, ok = l.newReport(); !ok {
				l.noReport(p)
			}
		}
		if ok {
			if !returned {
				startReturns(t, started, r.PID)
			}
			l.checkChild(p, r)
			return r
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startReturns waits for Start's result on started, once the child pid
// has reported: it must be nil, and come before the code under check is
// stuck waiting for the child the check holds (or startWait has passed).
func startReturns(t *testing.T, started chan error, pid int) {
	t.Helper()
	done := make(chan struct{})
	defer close(done)
	const fix = "Start must return as soon as the child runs: call cmd.Start (cmd.Run is Start and Wait in one) and wait for the child on a goroutine of its own"
	select {
	case err := <-started:
		if err != nil {
			checkkit.Fatal(t, checkkit.Wrong, "the first Start of a new Process returned the error %v; want nil", err)
		}
	case <-when(checkkit.Stuck, stuckWait, done):
		checkkit.Fatal(t, checkkit.Deadlock, "Start has not returned: its child (pid %d) runs and waits for this program to let it go, and every goroutine of your code has waited %v for something only the child's exit could bring. %s", pid, stuckWait, fix)
	case <-time.After(startWait):
		checkkit.Fatal(t, checkkit.Deadlock, "Start has not returned, %v after its child (pid %d) started running: it waits for the child to exit, while the child waits for this program to let it go. %s", startWait, pid, fix)
	}
}

// noReport fails the check: Start returned, and no child runs or reported.
func (l *lab) noReport(p *process.Process) {
	t := l.t
	t.Helper()
	kids := l.newChildren()
	if len(kids) == 0 {
		checkkit.Fatal(t, checkkit.Wrong, "Start returned nil, but no child process of the test program was running then: Start must have started the child when it returns (cmd.Start returns once the child runs; not `go cmd.Run()`)")
	}
	checkkit.Fatal(t, checkkit.Wrong, "the child process Start started (%s) exited without running the checks' child program: did NewProcess run os.Executable(), the test program itself, with the arguments %q? (the child's stderr, if it reached the parent's, is in the output above)", describe(kids), l.want[p])
}

func describe(kids map[int]string) string {
	var parts []string
	for pid, state := range kids {
		parts = append(parts, fmt.Sprintf("pid %d, state %s", pid, state))
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// checkChild fails the check unless the child took the child's branch of
// the guard and got the arguments p was given.
func (l *lab) checkChild(p *process.Process, r report) {
	t := l.t
	t.Helper()
	switch {
	case r.GuardPanic != "":
		checkkit.Fatal(t, checkkit.Wrong, "in the child (pid %d), IsChild() panicked: %s", r.PID, r.GuardPanic)
	case !r.Guard && !r.HasChildEnv:
		checkkit.Fatal(t, checkkit.Wrong, "the child (pid %d) was started without %s in its environment, so IsChild() was false in it: a real program's child would have run the parent's main again (here: the checks, and their children, and theirs...). NewProcess must set %s for the child, on top of the parent's environment (os.Environ())", r.PID, process.ChildEnv, process.ChildEnv)
	case !r.Guard:
		checkkit.Fatal(t, checkkit.Wrong, "the child (pid %d) had %s=%q in its environment, but IsChild() was false in it: IsChild must report whether %s is set, which is how a child knows it is one (it would have run the parent's main again)", r.PID, process.ChildEnv, r.ChildEnv, process.ChildEnv)
	case !r.HasChildEnv:
		checkkit.Fatal(t, checkkit.Wrong, "IsChild() was true in the child (pid %d), but %s was not set in its environment: IsChild must read %s, not something else (the child's arguments belong to its work: os.Args[1:] are exactly what NewProcess was given)", r.PID, process.ChildEnv, process.ChildEnv)
	}
	if !checkkit.Diff(t, fmt.Sprintf("the child's arguments (os.Args[1:] in the child, pid %d) against those given to NewProcess", r.PID), l.want[p], r.Args) {
		t.FailNow()
	}
}

// childState is the state of the test program's child pid as /proc shows
// it ("Z" for a zombie), or "" when it is no child of the test program (any
// more). It reads one small file: the checks poll it, and a poll of every
// process (checkkit.Children) costs the race detector enough bookkeeping
// that, many times over, it forgets the accesses it should hold against
// later ones.
func childState(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	end := strings.LastIndexByte(string(data), ')')
	if end < 0 {
		return ""
	}
	fields := strings.Fields(string(data[end+1:]))
	if len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) {
		return ""
	}
	return fields[0]
}

// running reports whether pid is a child of the test program that has not
// exited (a zombie has).
func running(pid int) bool {
	state := childState(pid)
	return state != "" && state != "Z"
}

// waitExited waits until the child pid has exited (a zombie, or reaped).
func waitExited(pid int) {
	for running(pid) {
		time.Sleep(10 * time.Millisecond)
	}
}

// joinFrame matches a frame of the learner's Join in a goroutine's stack.
var joinFrame = regexp.MustCompile(`process\.\(?\*?Process\)?\.Join\(`)

// waiting are the goroutine states of a call that waits for something
// (a channel, a lock, a process, a timer).
var waiting = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "select (no cases)": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
	"IO wait": true, "syscall": true, "sleep": true,
}

// joinsWaiting waits until n goroutines wait inside Join, and reports true,
// or until returned() reports true first (a Join returned), and reports
// false.
func joinsWaiting(n int, returned func() bool) bool {
	for {
		if returned() {
			return false
		}
		count := 0
		for _, g := range checkkit.CodeGoroutines() {
			if waiting[g.State] && joinFrame.MatchString(g.Stack) {
				count++
			}
		}
		if count >= n {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// exitCode is the status of an *exec.ExitError in err's chain, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
