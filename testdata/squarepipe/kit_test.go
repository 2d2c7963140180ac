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
	checkkit.RegisterChild("good", func() int {
		n, ok := readRequest("good")
		if !ok {
			return 2
		}
		return answer(n, 0)
	})
	checkkit.RegisterChild("eof", func() int {
		in, _ := io.ReadAll(watchedReader{os.Stdin}) // answers only once stdin is closed
		n, err := strconv.Atoi(strings.TrimSpace(string(in)))
		if err != nil {
			fmt.Fprintf(os.Stderr, "eof child: the request %q is not a number\n", in)
			return 2
		}
		return answer(n, 0)
	})
	checkkit.RegisterChild("fail", func() int {
		readRequest("fail")
		fmt.Fprintln(os.Stderr, "boom: the child cannot count today")
		return 3
	})
	checkkit.RegisterChild("fail-after", func() int {
		n, _ := readRequest("fail-after")
		return answer(n, 4)
	})
	checkkit.RegisterChild("crash", func() int {
		readRequest("crash")
		os.Stdout.WriteString("1\n")
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	})
	// reply writes its first argument, whatever n was.
	checkkit.RegisterChild("reply", func() int {
		readRequest("reply")
		watchedWriter{os.Stdout}.Write([]byte(os.Args[1]))
		return 0
	})
	checkkit.RegisterChild("short", func() int {
		n, _ := readRequest("short")
		return answer(n-1, 0)
	})
	checkkit.RegisterChild("flood", func() int {
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

// blocked says on what the child has been waiting, and for how long.
func (w *watch) blocked() (byte, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.state != 'r' && w.state != 'w' {
		return 0, 0
	}
	return w.state, time.Since(w.since)
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
		for checkkit.Stuck(stall, done) {
			state, d := wt.blocked()
			why := ""
			switch {
			case state == 'w' && d >= stall:
				why = "the child was blocked writing its reply into its stdout pipe, which was full because nobody read it, while Request waited (read the whole reply while the child runs, after a bad line too, or kill the child; call cmd.Wait only after that)"
			case state == 'r' && d >= stall:
				why = "the child was blocked reading its stdin, waiting for more input or for its end, while Request waited (write \"n\\n\" to the child's stdin, then close it)"
			case !childRunning():
				why = "Request waited for something that could never come: no child process was running any more"
			default:
				continue
			}
			debug.SetTraceback("all")
			panic(fmt.Sprintf("checkkit: timed out after %v: %s; %s", stall, what, why))
		}
	}()
	got, err := squarepipe.Request(cmd, n)
	return got, err, cmd
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
		cmd.Process.Kill()
		cmd.Wait()
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
