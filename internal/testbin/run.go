package testbin

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Event is one test2json event.
type Event struct {
	Action  string
	Test    string  `json:",omitempty"`
	Output  string  `json:",omitempty"`
	Elapsed float64 `json:",omitempty"`
	Key     string  `json:",omitempty"`
	Value   string  `json:",omitempty"`
}

// RunConfig says which tests of a binary to run, and how.
type RunConfig struct {
	Binary  *Binary
	Tests   []string      // test names, run with an anchored -test.run
	Dir     string        // working directory
	Count   int           // -test.count; 0 means 1
	Timeout time.Duration // -test.timeout; the process group is killed a little after
	Env     []string      // extra environment for the binary
	// OutputLimit bounds the test output (not the framing) passed on; beyond
	// it output is dropped. Past 16 times the limit the run is killed.
	OutputLimit int
	Go          *Toolchain
}

// Result is what one run of a check binary did.
type Result struct {
	Events    []Event
	ExitCode  int  // -1 when killed by a signal
	Killed    bool // the process group was killed at the time limit
	Flooded   bool // the binary printed past the hard output limit and was killed
	Truncated bool // some output was dropped at OutputLimit
	Leftover  bool // processes of the group were still alive after the binary ended
	Duration  time.Duration
	Limit     time.Duration // the time limit it ran under
}

// Run runs cfg.Tests of the binary once, in a new process group, and returns
// its events. Errors are the checker's own (could not start, test2json broke);
// a failing, crashing or hanging test binary is a Result, not an error.
func Run(ctx context.Context, cfg RunConfig) (*Result, error) {
	count := cfg.Count
	if count <= 0 {
		count = 1
	}
	limit := cfg.OutputLimit
	if limit <= 0 {
		limit = 1 << 20
	}
	args := []string{
		"-test.v=test2json",
		"-test.paniconexit0",
		"-test.run", "^(" + strings.Join(quoteAll(cfg.Tests), "|") + ")$",
		"-test.count", strconv.Itoa(count),
		// The binary's own alarm is only a backstop: at cfg.Timeout the run is
		// sent SIGQUIT, whose dump (unlike the alarm's) shows goroutines
		// running on other threads, such as a loop that never ends.
		"-test.timeout", (cfg.Timeout + 30*time.Second).String(),
	}
	cmd := exec.Command(cfg.Binary.Path, args...)
	cmd.Dir = cfg.Dir
	cmd.Env = append(append(append([]string{}, cfg.Go.Env...), "GOTRACEBACK=all"), cfg.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdin = nil

	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw

	t2j, err := cfg.Go.Test2JSON(ctx)
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	conv := exec.Command(t2j, "-p", cfg.Binary.Package)
	convIn, err := conv.StdinPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	convOut, err := conv.StdoutPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	if err := conv.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("start test2json: %w", err)
	}

	res := &Result{Limit: cfg.Timeout}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		convIn.Close()
		conv.Wait()
		return nil, fmt.Errorf("start check binary: %w", err)
	}
	pw.Close()
	pgid := cmd.Process.Pid

	flood := make(chan struct{})
	copied := make(chan error, 1)
	go func() {
		f := &filter{w: convIn, limit: limit, hard: 16 * limit, flood: flood}
		err := f.copy(pr)
		res.Truncated = f.dropped
		convIn.Close()
		copied <- err
	}()
	var events []Event
	decoded := make(chan error, 1)
	go func() {
		dec := json.NewDecoder(convOut)
		for {
			var ev Event
			if err := dec.Decode(&ev); err != nil {
				if err == io.EOF {
					err = nil
				}
				decoded <- err
				return
			}
			events = append(events, ev)
		}
	}()

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	limitTimer := time.NewTimer(cfg.Timeout)
	defer limitTimer.Stop()
	var waitErr error
	select {
	case waitErr = <-exited:
	case <-limitTimer.C:
		// Time is up: SIGQUIT makes the binary dump every goroutine, then
		// the whole group is killed.
		res.Killed = true
		syscall.Kill(pgid, syscall.SIGQUIT)
		select {
		case waitErr = <-exited:
		case <-time.After(3 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			waitErr = <-exited
		}
	case <-flood:
		res.Flooded = true
		syscall.Kill(-pgid, syscall.SIGKILL)
		waitErr = <-exited
	case <-ctx.Done():
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
		pr.Close()
		<-copied
		conv.Wait()
		return nil, ctx.Err()
	}
	res.Duration = time.Since(start)
	// Whatever the binary left in its group dies with it.
	if syscall.Kill(-pgid, 0) == nil {
		res.Leftover = true
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
	// Leftovers of other groups may hold the pipe open: do not wait forever.
	select {
	case <-copied:
	case <-time.After(5 * time.Second):
		pr.Close()
		<-copied
	}
	pr.Close()
	derr := <-decoded
	conv.Wait()
	if derr != nil {
		return nil, fmt.Errorf("read test2json: %w", derr)
	}
	res.Events = events
	res.ExitCode = 0
	var exit *exec.ExitError
	if errors.As(waitErr, &exit) {
		res.ExitCode = exit.ExitCode()
	} else if waitErr != nil {
		return nil, fmt.Errorf("wait for check binary: %w", waitErr)
	}
	return res, nil
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return q
}

// filter passes the binary's output on to test2json line by line. Framing
// lines (those test2json reads as events, marked with ^V) always pass, cut to
// a sane length; other output passes until limit bytes have, then is dropped.
// Past hard bytes in all, flood is closed so the run can be killed.
type filter struct {
	w       io.Writer
	limit   int
	hard    int
	total   int
	passed  int
	dropped bool
	flood   chan struct{}
}

const maxLine = 64 << 10

func (f *filter) copy(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	atStart := true
	var framing bool
	var lineLen int
	var werr error
	write := func(b []byte) {
		if werr == nil {
			_, werr = f.w.Write(b)
		}
	}
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			f.total += len(chunk)
			if f.flood != nil && f.total > f.hard {
				close(f.flood)
				f.flood = nil
			}
			if atStart {
				framing = chunk[0] == 0x16
				lineLen = 0
			}
			complete := chunk[len(chunk)-1] == '\n'
			switch {
			case framing:
				if lineLen < maxLine {
					write(chunk[:min(len(chunk), maxLine-lineLen)])
				}
				if complete && lineLen+len(chunk) > maxLine {
					write([]byte{'\n'})
				}
			case f.passed < f.limit:
				write(chunk)
				f.passed += len(chunk)
				if complete && f.passed >= f.limit {
					// nothing: the next line starts the drop
				} else if !complete && f.passed >= f.limit {
					write([]byte{'\n'})
				}
			default:
				if !f.dropped {
					f.dropped = true
					write([]byte("[checker: output past this point dropped]\n"))
				}
			}
			lineLen += len(chunk)
			atStart = complete
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			if !atStart {
				write([]byte{'\n'})
			}
			return werr
		}
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return werr
			}
			return err
		}
	}
}

// Output joins the output events of test (all tests when test is "").
func Output(events []Event, test string) string {
	var b bytes.Buffer
	for _, ev := range events {
		if ev.Action == "output" && (test == "" || ev.Test == test) {
			b.WriteString(ev.Output)
		}
	}
	return b.String()
}
