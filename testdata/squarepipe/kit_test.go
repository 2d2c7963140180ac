package squarepipe_test

// The squarepipe checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included): the child
// programs (one runs the learner's Serve, the others are the checks' own,
// good and broken, to test Request alone), the watch that tells a deadlock
// between Request and its child in seconds, and small helpers.

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"check/checkkit"
	"check/squarepipe"
)

func init() {
	checkkit.RegisterChild("serve", func() int {
		if err := squarepipe.Serve(watchedReader{os.Stdin}, watchedWriter{os.Stdout}); err != nil {
			fmt.Fprintln(os.Stderr, "serve:", err)
			return 1
		}
		return 0
	})
	checkkit.RegisterHelper("good", func() int {
		n, ok := readRequest("good")
		if !ok {
			return 2
		}
		return answer(n, 0)
	})
	checkkit.RegisterHelper("eof", func() int {
		in, _ := io.ReadAll(watchedReader{os.Stdin}) // answers only once stdin is closed
		n, err := strconv.Atoi(strings.TrimSpace(string(in)))
		if err != nil {
			fmt.Fprintf(os.Stderr, "eof child: the request %q is not a number\n", in)
			return 2
		}
		return answer(n, 0)
	})
	checkkit.RegisterHelper("fail", func() int {
		readRequest("fail")
		fmt.Fprintln(os.Stderr, "boom: the child cannot count today")
		return 3
	})
	checkkit.RegisterHelper("fail-after", func() int {
		n, _ := readRequest("fail-after")
		return answer(n, 4)
	})
	checkkit.RegisterHelper("crash", func() int {
		readRequest("crash")
		os.Stdout.WriteString("1\n")
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	})
	// reply writes its first argument, whatever n was.
	checkkit.RegisterHelper("reply", func() int {
		readRequest("reply")
		watchedWriter{os.Stdout}.Write([]byte(os.Args[1]))
		return 0
	})
	checkkit.RegisterHelper("short", func() int {
		n, _ := readRequest("short")
		return answer(n-1, 0)
	})
	// long writes a first square, then a line far longer than a pipe holds
	// (or a bufio.Scanner takes), then more.
	checkkit.RegisterHelper("long", func() int {
		readRequest("long")
		w := bufio.NewWriter(watchedWriter{os.Stdout})
		w.WriteString("1\n")
		w.WriteString(strings.Repeat("4", 1<<20) + "\n")
		w.WriteString("9\n")
		w.Flush()
		return 0
	})
	checkkit.RegisterHelper("flood", func() int {
		readRequest("flood")
		w := bufio.NewWriter(watchedWriter{os.Stdout})
		for range 300000 { // far more than a pipe holds
			w.WriteString("x\n")
		}
		w.Flush()
		return 0
	})
}

// readRequest reads the request line "n\n" from stdin, strictly.
func readRequest(child string) (int, bool) {
	line, err := bufio.NewReader(watchedReader{os.Stdin}).ReadString('\n')
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s child: the request %q does not end in a newline: send n and \"\\n\"\n", child, line)
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s child: the request %q is not a number\n", child, line)
		return 0, false
	}
	return n, true
}

// answer writes 1*1 … n*n to stdout and returns code.
func answer(n, code int) int {
	w := bufio.NewWriter(watchedWriter{os.Stdout})
	for i := 1; i <= n; i++ {
		fmt.Fprintln(w, i*i)
	}
	w.Flush()
	return code
}

// squares is 1*1 … n*n.
func squares(n int) []int {
	s := []int{}
	for i := 1; i <= n; i++ {
		s = append(s, i*i)
	}
	return s
}

// sameSquares compares the squares Request returned with want; no squares
// may come as nil or as an empty slice.
func sameSquares(t *testing.T, what string, want, got []int) bool {
	t.Helper()
	if len(got) == 0 {
		got = []int{}
	}
	return checkkit.Diff(t, what, want, got)
}

// The watch: a child started by request tells the check, over a pipe that
// is its file descriptor 3, when it begins to wait on its stdin ('r') or
// stdout ('w') and when that wait is over ('.'). A child that has waited on
// a pipe for seconds while every goroutine of Request waits too is in a
// deadlock that only Request can break: the check says so at once instead
// of waiting out its time limit.
const watchEnv = "SQUAREPIPE_WATCH"

var (
	reportOnce sync.Once
	reportFile *os.File
)

// note tells the check what the child is doing, when it watches.
func note(b byte) {
	reportOnce.Do(func() {
		if os.Getenv(watchEnv) != "" {
			reportFile = os.NewFile(3, "watch")
		}
	})
	if reportFile != nil {
		reportFile.Write([]byte{b})
	}
}

type watchedReader struct{ r io.Reader }

func (w watchedReader) Read(p []byte) (int, error) {
	note('r')
	defer note('.')
	return w.r.Read(p)
}

type watchedWriter struct{ w io.Writer }

func (w watchedWriter) Write(p []byte) (int, error) {
	note('w')
	defer note('.')
	return w.w.Write(p)
}

// watch is the check's end of a child's reports.
type watch struct {
	mu    sync.Mutex
	state byte // 'r' or 'w' while the child waits on a pipe
	since time.Time
}

// blocked says on what the child waits ('r' or 'w', or 0 when it does
// not wait on a pipe) and since when.
func (w *watch) blocked() (byte, time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.state != 'r' && w.state != 'w' {
		return 0, time.Time{}
	}
	return w.state, w.since
}

// watchChild makes cmd report to a new watch.
func watchChild(t *testing.T, cmd *exec.Cmd) *watch {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatalf("checkkit: watch pipe: %v", err)
	}
	cmd.ExtraFiles = []*os.File{w}
	cmd.Env = append(cmd.Env, watchEnv+"=1")
	wt := &watch{}
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				wt.mu.Lock()
				wt.state, wt.since = buf[n-1], time.Now()
				wt.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { r.Close(); w.Close() })
	return wt
}

const (
	limit = 10 * time.Second // no correct Request comes near it
	stall = 2 * time.Second  // how long a deadlock must last to be called one
)

// request runs Request(cmd, n) on a fresh child, started with args, and
// bounds it by the wall clock (a child process is nothing testing/synctest
// can see): it fails as a timeout after limit, or after stall when the
// child and Request have both been waiting on each other that long. what
// completes "waited D for ...".
func request(t *testing.T, what, child string, n int, args ...string) ([]int, error, *exec.Cmd) {
	t.Helper()
	cmd := checkkit.Command(t, child, args...)
	got, err := requestCmd(t, what, cmd, n)
	return got, err, cmd
}

// requestCmd is request with a command of the check's own making.
func requestCmd(t *testing.T, what string, cmd *exec.Cmd, n int) ([]int, error) {
	t.Helper()
	wt := watchChild(t, cmd)
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	done := make(chan struct{})
	defer close(done)
	timer := time.AfterFunc(limit, func() {
		debug.SetTraceback("all")
		panic(fmt.Sprintf("checkkit: timed out after %v: %s", limit, what))
	})
	defer timer.Stop()
	go func() {
		// checkkit.Stuck does not serve here: it takes a child process at
		// work (not held at a rendezvous) as progress, and here the child
		// is half of the deadlock. Request's own goroutines and the
		// child's reports tell instead.
		//
		// What is seen is counted in polls, not by the clock: a machine so
		// busy that it stops the test binary for seconds must not turn a
		// wait that was about to end into a deadlock.
		const every = 100 * time.Millisecond
		poll := time.NewTicker(every)
		defer poll.Stop()
		polls := int(stall / every)
		// Polls in a row that saw Request only waiting, no child running,
		// and the child in the same wait on a pipe.
		waiting, gone, same := 0, 0, 0
		var lastState byte
		var lastSince time.Time
		for {
			select {
			case <-done:
				return
			case <-poll.C:
			}
			state, since := wt.blocked()
			if state != 0 && state == lastState && since.Equal(lastSince) {
				same++
			} else {
				same = 0
			}
			lastState, lastSince = state, since
			if childRunning() {
				gone = 0
			} else {
				gone++
			}
			if requestWaits() {
				waiting++
			} else {
				waiting = 0
			}
			if waiting < polls {
				continue
			}
			why := ""
			switch {
			case state == 'w' && same >= polls:
				why = "the child was blocked writing its reply into its stdout pipe, which was full because nobody read it, while Request waited (read the whole reply while the child runs, after a bad line too, or kill the child; call cmd.Wait only after that)"
			case state == 'r' && same >= polls:
				why = "the child was blocked reading its stdin, waiting for more input or for its end, while Request waited (write \"n\\n\" to the child's stdin, then close it)"
			case gone >= polls:
				why = "Request waited for something that could never come: no child process was running any more"
			default:
				continue
			}
			debug.SetTraceback("all")
			panic(fmt.Sprintf("checkkit: timed out after %v: %s; %s", stall, what, why))
		}
	}()
	return squarepipe.Request(cmd, n)
}

// requestWaits reports whether every goroutine of the code under check
// waits (on a pipe, a process, a channel, a lock), none of them running or
// starting a process, and there is one at least.
func requestWaits() bool {
	gs := checkkit.CodeGoroutines()
	for _, g := range gs {
		switch g.State {
		case "IO wait", "syscall", "chan receive", "chan send", "select", "sync.Mutex.Lock",
			"sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait", "semacquire",
			"chan receive (nil chan)", "chan send (nil chan)", "select (no cases)":
		default:
			return false
		}
		if strings.Contains(g.Stack, "os.StartProcess(") || strings.Contains(g.Stack, "os/exec.(*Cmd).Start(") {
			return false
		}
	}
	return len(gs) > 0
}

// childRunning reports whether the test binary has a child process that
// is running (not a zombie).
func childRunning() bool {
	kids, err := checkkit.Children()
	if err != nil {
		return true
	}
	for _, k := range kids {
		if k.State != "Z" {
			return true
		}
	}
	return false
}

// waited fails t as a leak when Request left its child unwaited for, a
// child process behind, or a goroutine of its own running.
func waited(t *testing.T, cmd *exec.Cmd, how string) {
	t.Helper()
	if cmd.Process != nil && cmd.ProcessState == nil {
		reaped := true // by cmd.Process.Wait, which leaves cmd.ProcessState nil
		kids, _ := checkkit.Children()
		for _, k := range kids {
			if k.PID == cmd.Process.Pid {
				reaped = false
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		if reaped {
			checkkit.Fatal(t, checkkit.Leak, "Request returned (%s) after waiting for the child with cmd.Process.Wait: that reaps the process, but cmd.ProcessState stays nil, the pipes cmd made stay open, and the exit status is no error. Call cmd.Wait, on every path", how)
		}
		checkkit.Fatal(t, checkkit.Leak, "Request returned (%s) without waiting for the child it started (cmd.ProcessState is nil): call cmd.Wait on every path, or the child stays behind as a zombie", how)
	}
	checkkit.NoChildren(t)
	// A goroutine that is about to finish gets a moment; one that is
	// blocked for good does not come back.
	deadline := time.Now().Add(time.Second)
	for {
		var left []string
		for _, g := range checkkit.CodeGoroutines() {
			left = append(left, g.State)
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			checkkit.Fatal(t, checkkit.Leak, "Request returned (%s) but left %d goroutine(s) of its own behind, blocked (%s): every goroutine Request starts must be able to finish before Request returns, or it leaks", how, len(left), strings.Join(left, ", "))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
