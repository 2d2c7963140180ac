package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// runAsChecker, in the environment of a process this test binary starts,
// makes it run the checker's main instead of the tests (see TestMain).
const runAsChecker = "CHECKER_TEST_RUN_AS_CHECKER"

// newWorkbook makes a learner's copy of the workbook in a temporary folder:
// go.mod, go.sum and the stubs (the checks are embedded in the checker).
func newWorkbook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "exercises"), os.DirFS(filepath.Join("..", "exercises"))); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "solutions"), os.DirFS(filepath.Join("..", "solutions"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screen collects what a terminal program writes.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the screen, from offset from on, shows want, and
// returns the offset after it.
func (s *screen) waitFor(t *testing.T, from int, want string, d time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		got := s.String()
		if i := strings.Index(got[min(from, len(got)):], want); i >= 0 {
			return from + i + len(want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	got := s.String()
	t.Fatalf("the screen did not show %q within %v; it shows, from there:\n%s", want, d, got[min(from, len(got)):])
	return 0
}

// TestWatchInATerminal drives watch in a pseudo-terminal as a learner
// would: the stub fails, saving the answer re-checks and passes, keys
// show hints and move on, breaking an earlier exercise re-checks that one,
// q ends it.
func TestWatchInATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs check binaries; skipped with -short")
	}
	wb := newWorkbook(t)
	cmd := exec.Command(os.Args[0], "watch", "1")
	cmd.Dir = wb
	cmd.Env = append(os.Environ(), runAsChecker+"=1", "TERM=xterm-256color", "NO_COLOR=", "EDITOR=")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 60, Cols: 100})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	var out screen
	go io.Copy(&out, tty)
	defer cmd.Process.Kill()

	at := out.waitFor(t, 0, "exercise-1 sumthread: 0 of", 3*time.Minute)
	at = out.waitFor(t, at, "q quit", 30*time.Second)
	if !strings.Contains(out.String(), "\x1b[2J") {
		t.Errorf("got no clear-screen before the check, want one on a terminal")
	}

	// Save the answer: watch re-checks exercise-1 and it passes.
	sol, err := os.ReadFile(filepath.Join(wb, "solutions", "sumthread", "sumthread.go"))
	if err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(wb, "exercises", "sumthread", "sumthread.go")
	if err := os.WriteFile(mine, sol, 0o644); err != nil {
		t.Fatal(err)
	}
	at = out.waitFor(t, at, "exercise-1 passes", time.Minute)
	at = out.waitFor(t, at, "Press n for exercise-2", 5*time.Second)

	// h shows the next hint of the exercise being watched, a those seen.
	tty.Write([]byte("h"))
	at = out.waitFor(t, at, "Hint 1 of", 10*time.Second)
	tty.Write([]byte("a"))
	at = out.waitFor(t, at, "Hint 1 of", 10*time.Second)

	// n moves on to exercise-2.
	tty.Write([]byte("n"))
	at = out.waitFor(t, at, "watching exercises/addthread/", time.Minute)

	// Breaking exercise-1 again re-checks exercise-1, not exercise-2.
	broken := strings.Replace(string(sol), "wg.Wait()", "", 1)
	if err := os.WriteFile(mine, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	at = out.waitFor(t, at, "watching exercises/sumthread/", time.Minute)
	out.waitFor(t, at, "exercise-1 sumthread:", 5*time.Second)

	// q ends it, quietly.
	tty.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("watch ended with %v after q, want exit status 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("watch did not end within 15s of q")
	}
}
