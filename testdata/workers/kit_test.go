package workers_test

// The workers checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included): the
// worker child program and the helpers that read what RunAll wrote.

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"check/checkkit"
)

func init() { checkkit.RegisterChild("workers-child", workerChild) }

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
		var id, k, n, pid int
		if _, err := fmt.Sscanf(line, "Worker %d, line %d of %d, process id: %d\n", &id, &k, &n, &pid); err != nil || line != workerLine(id, k, n, pid) {
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
