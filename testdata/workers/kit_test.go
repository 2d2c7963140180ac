package workers_test

// The workers checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included): the
// worker child program and the helpers that read what RunAll wrote.

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"check/checkkit"
)

func init() { checkkit.RegisterHelper("workers-child", workerChild) }

// worker describes one child: it prints lines lines, each cut into pieces
// writes with pause between them (pieces 0: all lines in one single write),
// then exits with exit. With arrive set it
// first waits at the check's rendezvous until the check lets it go.
type worker struct {
	id, lines, pieces, exit int
	pause                   time.Duration
	arrive                  bool
}

// workerCmd makes the command of one worker child, attached to r if w.arrive.
func workerCmd(t *testing.T, r *checkkit.Rendezvous, w worker) *exec.Cmd {
	t.Helper()
	arrive := "0"
	if w.arrive {
		arrive = "1"
	}
	cmd := checkkit.Command(t, "workers-child", strconv.Itoa(w.id), strconv.Itoa(w.lines),
		strconv.Itoa(w.pieces), strconv.Itoa(int(w.pause/time.Microsecond)), strconv.Itoa(w.exit), arrive)
	if w.arrive {
		r.Attach(cmd)
	}
	return cmd
}

// workerLine is line k of n of worker id running as process pid.
func workerLine(id, k, n, pid int) string {
	return fmt.Sprintf("Worker %d, line %d of %d, process id: %d\n", id, k, n, pid)
}

func workerChild() int {
	var a [6]int
	for i := range a {
		if i+1 >= len(os.Args) {
			fmt.Fprintln(os.Stderr, "workers-child: want 6 arguments")
			return 2
		}
		a[i], _ = strconv.Atoi(os.Args[i+1])
	}
	id, lines, pieces, pause, exit, arrive := a[0], a[1], a[2], time.Duration(a[3])*time.Microsecond, a[4], a[5] == 1
	pid := os.Getpid()
	if arrive {
		if err := checkkit.Arrive(fmt.Sprintf("%d %d", id, pid)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	if pieces == 0 {
		// Everything in one write, then exit at once: the pipe still holds
		// up to 64 KiB of it when the process is gone.
		var all strings.Builder
		for k := 1; k <= lines; k++ {
			all.WriteString(workerLine(id, k, lines, pid))
		}
		if _, err := os.Stdout.WriteString(all.String()); err != nil {
			return 3
		}
		return exit
	}
	for k := 1; k <= lines; k++ {
		line := workerLine(id, k, lines, pid)
		for p := range pieces {
			if _, err := os.Stdout.WriteString(line[p*len(line)/pieces : (p+1)*len(line)/pieces]); err != nil {
				return 3
			}
			if pause > 0 && p < pieces-1 {
				time.Sleep(pause)
			}
		}
	}
	return exit
}

// arrivedPIDs reads the "id pid" messages of a rendezvous.
func arrivedPIDs(arrivals []string) map[int]int {
	pids := map[int]int{}
	for _, a := range arrivals {
		var id, pid int
		if _, err := fmt.Sscanf(a, "%d %d", &id, &pid); err == nil {
			pids[id] = pid
		}
	}
	return pids
}

// checkWorkerOutput checks that out holds only whole worker lines and, for
// each worker in ws, every one of its lines exactly once and in order.
func checkWorkerOutput(t *testing.T, out string, ws []worker) bool {
	t.Helper()
	seen := map[int][]int{}
	var bad []string
	for _, line := range strings.SplitAfter(out, "\n") {
		if line == "" {
			continue
		}
		id, k, n, pid, ok := parseWorkerLine(line)
		if !ok || line != workerLine(id, k, n, pid) {
			bad = append(bad, checkkit.Quote(line))
			continue
		}
		seen[id] = append(seen[id], k)
	}
	var lost []string
	ok := true
	for _, w := range ws {
		got := seen[w.id]
		want := make([]int, w.lines)
		for i := range want {
			want[i] = i + 1
		}
		switch {
		case fmt.Sprint(got) == fmt.Sprint(want):
		case len(got) < len(want):
			lost = append(lost, fmt.Sprintf("worker %d printed %d lines but only %d reached w whole", w.id, len(want), len(got)))
		case len(got) > len(want):
			ok = false
			checkkit.Fail(t, checkkit.Wrong, "worker %d printed %d lines but %d reached w: some were written twice", w.id, len(want), len(got))
		default:
			ok = false
			checkkit.Fail(t, checkkit.Wrong, "worker %d's lines reached w out of order: copy each child's lines in the order it printed them", w.id)
		}
	}
	if len(bad) > 5 {
		bad = append(bad[:5], fmt.Sprintf("… and %d more", len(bad)-5))
	}
	switch {
	case len(lost) > 0:
		msg := strings.Join(lost, "; ") + ": lines were lost"
		if len(bad) > 0 {
			msg += fmt.Sprintf(" (and %d cut short: %s)", len(bad), strings.Join(bad, ", "))
		}
		checkkit.Fail(t, checkkit.Wrong, "%s. Read each child's stdout to its end BEFORE you call its Wait (Wait closes the pipe, dropping what is still in it), and let every copier finish before RunAll returns", msg)
		return false
	case len(bad) > 0:
		checkkit.Fail(t, checkkit.Wrong, "%d line(s) of the output were torn, or mixed from pieces of different workers' lines:\n  %s\nRead each child's output line by line and write whole lines to w, one at a time, under one lock", len(bad), strings.Join(bad, "\n  "))
		return false
	}
	return ok
}

// parseWorkerLine reads the numbers back out of a line workerLine wrote;
// ok is false when the line does not have its shape. (fmt.Sscanf would do,
// at many times the cost under the race detector, for the thousands of
// lines a check reads.)
func parseWorkerLine(line string) (id, k, n, pid int, ok bool) {
	rest, ok := strings.CutPrefix(line, "Worker ")
	if !ok {
		return
	}
	var nums [4]int
	for i, sep := range []string{", line ", " of ", ", process id: ", "\n"} {
		var field string
		if field, rest, ok = strings.Cut(rest, sep); !ok {
			return
		}
		if nums[i], ok = atoi(field); !ok {
			return
		}
	}
	if rest != "" {
		return 0, 0, 0, 0, false
	}
	return nums[0], nums[1], nums[2], nums[3], true
}

// atoi is strconv.Atoi, reporting success as a bool.
func atoi(s string) (int, bool) {
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// noWorkerLeft fails as Leak if any of cmds' processes is still running or
// a zombie: RunAll must have waited for every child it started.
func noWorkerLeft(t *testing.T, cmds []*exec.Cmd) {
	t.Helper()
	mine := map[int]bool{}
	for _, c := range cmds {
		if c.Process != nil {
			mine[c.Process.Pid] = true
		}
	}
	kids, err := checkkit.Children()
	if err != nil {
		t.Fatalf("checkkit: %v", err)
	}
	for _, k := range kids {
		switch {
		case !mine[k.PID]:
		case k.State == "Z":
			checkkit.Fail(t, checkkit.Leak, "when RunAll returned, worker process %d had exited but was never waited for (a zombie): call cmd.Wait for every command you started, even after another one failed, and only then return the error", k.PID)
		default:
			checkkit.Fail(t, checkkit.Leak, "when RunAll returned, worker process %d was still running: wait for every command you started (join them all) before returning, even after another one failed", k.PID)
		}
	}
}

// killWorkers ends whatever a broken RunAll left running.
func killWorkers(cmds []*exec.Cmd) {
	for _, c := range cmds {
		if c.Process != nil && c.ProcessState == nil {
			c.Process.Kill()
		}
	}
}

type runAllResult struct {
	pids []int
	err  error
}

// stuckFor is how long RunAll and its workers must wait on one another, at
// every poll of checkkit.Watch (ten in a row), before within calls it a
// deadlock: nothing the check does wakes them then.
const stuckFor = time.Second

// within bounds a workers check as checkkit.Within does, and it also ends
// the check as a deadlock once RunAll and its workers have waited on one
// another for stuckFor: every goroutine of the code under check
// waits (on a lock, a channel, a pipe, a process) while every worker
// process is either blocked writing to a full stdout pipe or has exited and
// waits to be reaped. checkkit.Within sees only the first half (a worker at
// work may still answer, so it waits for its wall-clock limit and says
// "timeout"); here the workers' side is read from /proc.
func within(t *testing.T, d time.Duration, what string) {
	t.Helper()
	checkkit.Within(t, d, what)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		var why string
		var written map[int]string // what each worker had written when the wait began
		began := false
		stuck := func() bool {
			w, stuck, wrote := workersStuck()
			switch {
			case !stuck || (began && !maps.Equal(wrote, written)):
				// Moving, or a worker wrote since: whoever reads its
				// pipe (maybe a goroutine of os/exec's) is at work.
				began = false
				return false
			case !began:
				began, written = true, wrote
			}
			why = w
			return true
		}
		if !checkkit.Watch(stuckFor, done, stuck) {
			return
		}
		checkkit.Fail(t, checkkit.Deadlock, "deadlock: RunAll and its workers waited on one another for %v and none could go on (the check waited for %s): %s", stuckFor, what, why)
		// End it: the workers first, so that RunAll may return and the
		// check end as usual; if RunAll still waits (a lock never
		// unlocked: its code frozen), stop the test binary.
		killChildren()
		frozen := make(chan struct{})
		go func() {
			if checkkit.Frozen(300*time.Millisecond, done) {
				close(frozen)
			}
		}()
		select {
		case <-done:
		case <-frozen:
			panic("workers check: deadlock: " + why)
		case <-time.After(time.Second):
			panic("workers check: deadlock: " + why)
		}
	}()
}

// workersStuck reports whether the code under check and its worker
// processes all wait, says how the workers wait, and returns how much each
// worker blocked on a write has written so far (/proc/PID/io's wchar): a
// worker whose count moves is being read.
func workersStuck() (string, bool, map[int]string) {
	kids, err := checkkit.Children()
	if err != nil || len(kids) == 0 {
		return "", false, nil // no workers: checkkit.Within's own watch judges
	}
	var full, zombies []string
	wrote := map[int]string{}
	for _, k := range kids {
		switch {
		case k.State == "Z":
			zombies = append(zombies, strconv.Itoa(k.PID))
		case writingStdout(k.PID):
			full = append(full, strconv.Itoa(k.PID))
			wrote[k.PID] = wchar(k.PID)
		default:
			return "", false, nil // at work, or held by the check
		}
	}
	if execAtWork() {
		return "", false, nil // os/exec's own goroutines may still read a pipe
	}
	gs := checkkit.CodeGoroutines()
	if len(gs) == 0 {
		return "", false, nil
	}
	locks := 0
	for _, g := range gs {
		if !waitStates[g.State] || strings.Contains(g.Stack, "os/exec.(*Cmd).Start(") || strings.Contains(g.Stack, "os.StartProcess(") {
			return "", false, nil
		}
		if strings.HasPrefix(g.State, "sync.") && strings.HasSuffix(g.State, "Lock") {
			locks++
		}
	}
	var why []string
	if locks > 0 {
		why = append(why, fmt.Sprintf("%s for a lock that is never unlocked: unlock on every path, the error paths too (a return between Lock and Unlock keeps it locked for ever)", count(locks, "of your goroutines waits", "of your goroutines wait")))
	}
	if len(full) > 0 {
		why = append(why, fmt.Sprintf("%s, because the stdout pipe is full and nothing reads it any more. Read each child's stdout to its very end, also after an error, and only then call its Wait (which waits for the child to exit)", processes(full, "is blocked writing its output", "are blocked writing their output")))
	}
	if len(zombies) > 0 {
		why = append(why, processes(zombies, "has exited and waits to be reaped by cmd.Wait, which nothing calls", "have exited and wait to be reaped by cmd.Wait, which nothing calls"))
	}
	return strings.Join(why, "; "), true, wrote
}

// execAtWork reports whether a goroutine that os/exec started (to copy a
// child's output into an io.Writer that is not a file) is running or ready
// to run: it still reads a pipe, however slowly a busy machine lets it.
func execAtWork() bool {
	for _, g := range checkkit.Goroutines() {
		if strings.Contains(g.Stack, "created by os/exec.(*Cmd).Start") && !waitStates[g.State] {
			return true
		}
	}
	return false
}

// wchar is the "wchar:" line of /proc/PID/io: the bytes pid has written.
func wchar(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "wchar:") {
			return line
		}
	}
	return ""
}

// processes says "worker process P one" or "worker processes P, Q many".
func processes(pids []string, one, many string) string {
	if len(pids) == 1 {
		return "worker process " + pids[0] + " " + one
	}
	return "worker processes " + strings.Join(pids, ", ") + " " + many
}

// count says "1 one" or "N many".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// waitStates are the goroutine states of code that waits for something
// else to happen.
var waitStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "select (no cases)": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
	"IO wait": true, "syscall": true,
}

// writingStdout reports whether one of pid's threads is in a write to
// file descriptor 1 (Linux: /proc/PID/task/TID/syscall reads "1 0x1 …"),
// which, held for seconds, means a full pipe.
func writingStdout(pid int) bool {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/syscall", pid))
	for _, task := range tasks {
		if b, err := os.ReadFile(task); err == nil && strings.HasPrefix(string(b), "1 0x1 ") {
			return true
		}
	}
	return false
}

// killChildren kills every child process of the test binary.
func killChildren() {
	kids, _ := checkkit.Children()
	for _, k := range kids {
		if k.State != "Z" {
			syscall.Kill(k.PID, syscall.SIGKILL)
		}
	}
}

// settle waits until RunAll has returned (on ret) or every goroutine of
// the code under check waits, twice in a row: with the workers held at a
// rendezvous, nothing can then move before the check lets a worker go.
func settle(ret <-chan runAllResult) (runAllResult, bool) {
	still := 0
	for {
		select {
		case res := <-ret:
			return res, true
		case <-time.After(20 * time.Millisecond):
		}
		if codeWaits() {
			still++
		} else {
			still = 0
		}
		if still >= 2 {
			return runAllResult{}, false
		}
	}
}

// codeWaits reports whether every goroutine of the code under check waits
// (none starts a process), and there is one.
func codeWaits() bool {
	gs := checkkit.CodeGoroutines()
	for _, g := range gs {
		if !waitStates[g.State] || strings.Contains(g.Stack, "os/exec.(*Cmd).Start(") || strings.Contains(g.Stack, "os.StartProcess(") {
			return false
		}
	}
	return len(gs) > 0
}

// processState is pid's state as /proc shows it: "Z" for a zombie, "" once
// it has been reaped (or never was a process).
func processState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	end := strings.LastIndexByte(string(b), ')')
	if f := strings.Fields(string(b[end+1:])); end >= 0 && len(f) > 0 {
		return f[0]
	}
	return ""
}

// noCodeLeft fails as Leak if goroutines of the code under check are still
// there a second after RunAll returned: RunAll must join the goroutines it
// started (copiers, waiters) before it returns, also on an error path.
func noCodeLeft(t *testing.T) {
	t.Helper()
	var gs []checkkit.Goroutine
	for end := time.Now().Add(time.Second); ; time.Sleep(10 * time.Millisecond) {
		if gs = checkkit.CodeGoroutines(); len(gs) == 0 || time.Now().After(end) {
			break
		}
	}
	if len(gs) > 0 {
		checkkit.Fail(t, checkkit.Leak, "RunAll returned while %d goroutine(s) it started were still there (the first one: %s): join every goroutine you start (a sync.WaitGroup) before you return, also on an error path, or the lines it still copies are lost", len(gs), gs[0].State)
	}
}
