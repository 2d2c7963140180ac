package testbin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// Event is one test2json event.
type Event struct {
	Action  string
	Test    string  `json:",omitempty"`
	Output  string  `json:",omitempty"`
	Elapsed float64 `json:",omitempty"`
	Key     string  `json:",omitempty"`
	Value   string  `json:",omitempty"`
	// Time is when test2json saw the event.
	Time time.Time `json:",omitzero"`
}

// Process is what one test process of a run did.
type Process struct {
	Tests    []string // the tests it was asked to run, in order
	Events   []Event
	ExitCode int // -1 when killed by a signal
	// Overran is the test that ran past its time limit, for which the
	// process was stopped; Stalled is set when the process was stopped
	// with no test running (an init that never returned, say), and Waited
	// is then the bound that ran out: startLimit at least before its first
	// test, one time limit in the gap after a test, the whole process's
	// bound when that came first.
	Overran   string
	Stalled   bool
	Waited    time.Duration
	Flooded   bool // it printed past the hard output limit and was killed
	Truncated bool // some output was dropped at the output limit
	Leftover  bool // processes it started were still alive after it ended (and were killed)
	CPULimit  bool // the sandbox killed it at its CPU time limit
	// Results are the tests' results as the test binary reported them on
	// its results descriptor (see protocol.ResultsEnv): the verdicts rest
	// on these, not on the events, which the code under check can fake.
	Results map[string]*Tally
	// Tampered says how the results channel was written to by something
	// other than the kit (a line that does not parse, a test not asked
	// for, more results than runs); "" when it was not.
	Tampered string
	Sandbox  string // what the process ran under, in one line ("" outside the sandbox)
	Duration time.Duration
	Limit    time.Duration // each test's time limit
}

// Tally counts a test's reported results (several with -count).
type Tally struct{ Pass, Fail, Skip int }

// Run is the outcome of running tests of a binary: the processes it took,
// and for each test the process that ran it last.
type Run struct {
	Processes []*Process
	// By maps a test's name to the process that ran it. A test that never
	// started maps to the process that died before it could (every test
	// left when a process started none), or is missing when the run
	// stopped at a failure before it (AfterFailure).
	By map[string]*Process
}

// Stop says when a process of a run ends early, so that the tests after
// that point run in a fresh process of their own.
type Stop int

const (
	// AtCrash runs the tests in one process, continuing in a fresh one
	// only after a crash or a test over its time limit.
	AtCrash Stop = iota
	// AtFailure also continues in a fresh process after the first failed
	// test (-test.failfast): every failure is diagnosed in a process where
	// everything before it passed.
	AtFailure
	// AfterFailure stops at the first failed test: the tests after it do
	// not run (mutation testing needs only one failure to kill a mutant).
	AfterFailure
)

// RunTests runs tests of unit u in bin (names as the binary knows them),
// the whole list u.Count times over (0 means opts.Count; -test.count) and
// each test under its own time limit, until each has started: when a
// process ends early (a crash, a test over its limit, and, with AtFailure,
// a failure), the tests it did not start run in a fresh one, or in two side
// by side when a job slot is free then. Each process
// works in a scratch folder of its own that holds a copy of u's code, as
// ./NAME. Errors are the checker's own; a failing, crashing or hanging
// test is an outcome.
//
// slots, when given, are job slots already taken for the run: the tests
// start as that many chains side by side (opts.Durations.Split deals
// them), each chain's first process on its slot. Without, the run is one
// chain that takes its slot when one is free.
func RunTests(ctx context.Context, opts *Options, bin *Binary, u *Unit, tests []string, stop Stop, slots ...func()) (*Run, error) {
	count := u.Count
	if count < 1 {
		count = opts.count()
	}
	run := &Run{By: map[string]*Process{}}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	// chain runs remaining in one process after another, each taking the
	// tests the one before did not start. After a process that ended early
	// (not under AfterFailure), when a job slot is free now, the second
	// half of the tests left runs as a chain of its own, side by side: a
	// submission that fails many checks is not diagnosed one fresh process
	// at a time while a core idles, and a busy machine (every slot taken,
	// as in grading) starts no more processes than before.
	var chain func(remaining []string, slot func())
	chain = func(remaining []string, slot func()) {
		for len(remaining) > 0 {
			p, err := runProcess(ctx, opts, bin, u, remaining, stop != AtCrash, count, slot)
			slot = nil
			mu.Lock()
			if err != nil {
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			run.Processes = append(run.Processes, p)
			opts.Durations.record(u, p)
			started := startedTests(p)
			var next []string
			for _, t := range remaining {
				if started[t] {
					run.By[t] = p
				} else {
					next = append(next, t)
				}
			}
			if len(next) == len(remaining) {
				// Nothing started (the binary died before its first
				// test): every remaining test shares that process's
				// outcome.
				for _, t := range next {
					run.By[t] = p
				}
				next = nil
			}
			mu.Unlock()
			if stop == AfterFailure && p.ExitCode != 0 {
				return
			}
			remaining = next
			if stop != AfterFailure && len(remaining) >= 2 {
				if release, ok := opts.tryAcquire(); ok {
					half := (len(remaining) + 1) / 2
					Tracef("split %d tests", len(remaining))
					rest := remaining[half:]
					wg.Go(func() { chain(rest, release) })
					remaining = remaining[:half]
				}
			}
		}
	}
	if len(slots) == 0 {
		chain(tests, nil)
	} else {
		chains := opts.Durations.Split(u, tests, len(slots))
		for _, release := range slots[len(chains):] {
			release()
		}
		for i, c := range chains[1:] {
			wg.Go(func() { chain(c, slots[1+i]) })
		}
		chain(chains[0], slots[0])
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return run, nil
}

// startedTests lists the top-level tests a process reported starting.
func startedTests(p *Process) map[string]bool {
	started := map[string]bool{}
	for _, ev := range p.Events {
		if ev.Action == "run" && ev.Test != "" && !strings.Contains(ev.Test, "/") {
			started[ev.Test] = true
		}
	}
	return started
}

// runProcess runs tests in one process of bin, in a process group of its
// own, through test2json. A test that runs longer than the time limit is
// stopped: the process is sent SIGQUIT, so that it dumps every goroutine,
// then its whole group is killed.
//
// slot, when not nil, is a job slot already taken for it: runProcess gives
// it back; otherwise it takes one.
func runProcess(ctx context.Context, opts *Options, bin *Binary, u *Unit, tests []string, failfast bool, count int, slot func()) (*Process, error) {
	release := slot
	if release == nil {
		release = opts.acquire()
	}
	defer release()
	limit := opts.timeout()
	args := []string{
		"-test.v=test2json",
		"-test.paniconexit0",
		"-test.run", "^(" + strings.Join(quoteAll(tests), "|") + ")$",
		"-test.count", strconv.Itoa(count),
		// The binary's own alarm is a backstop only: each test's limit is
		// kept by the runner, which reads where the run is.
		"-test.timeout", (time.Duration(len(tests)*count)*limit + time.Minute).String(),
	}
	if failfast {
		args = append(args, "-test.failfast")
	}
	scratch, err := os.MkdirTemp(opts.TempDir, "run-")
	if err != nil {
		return nil, fmt.Errorf("scratch folder: %w", err)
	}
	defer os.RemoveAll(scratch)
	if err := u.Code.Write(filepath.Join(scratch, u.Package)); err != nil {
		return nil, fmt.Errorf("scratch folder: %w", err)
	}
	cmd := exec.Command(bin.Path, args...)
	cmd.Dir = scratch
	// GOTRACEBACK=crash: when the runner stops a test with SIGQUIT, every
	// thread prints its own stack, so a loop that never ends shows where it
	// runs (with "all", a goroutine running on another thread may show no
	// stack). No core file is written: RLIMIT_CORE is 0 (noCoreDumps).
	cmd.Env = append(append([]string{}, opts.Go.Env...), "GOTRACEBACK=crash", "TMPDIR="+scratch, "HOME="+scratch,
		protocol.ResultsEnv+"=3")
	readOnly := []string{bin.Path}
	if bin.Helpers != "" {
		cmd.Env = append(cmd.Env, protocol.HelperEnv+"="+bin.Helpers)
		readOnly = append(readOnly, bin.Helpers)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	resultsR, resultsW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("results pipe: %w", err)
	}
	defer resultsR.Close()
	cmd.ExtraFiles = []*os.File{resultsW}
	p := &Process{Tests: tests, Limit: limit}
	var launch *sandbox.Launch
	if opts.Sandbox != sandbox.Off {
		deadline := time.Duration(len(tests)*count)*limit + time.Minute
		launch, err = sandbox.Wrap(cmd, sandbox.Policy{Mode: opts.Sandbox, Scratch: scratch, ReadOnly: readOnly, MaxProcs: opts.MaxProcs,
			CPUTime: time.Duration(runtime.NumCPU()) * deadline})
		if err != nil {
			resultsW.Close()
			return nil, err
		}
		p.Sandbox = sandbox.Probe().String()
	}
	noCoreDumps()
	s, err := startStream(ctx, opts, cmd)
	resultsW.Close()
	if err != nil {
		return nil, err
	}
	s.launch = launch
	results := make(chan resultLines, 1)
	go func() { results <- readResults(resultsR) }()
	start := time.Now()
	waitErr := s.watch(ctx, p, limit, time.Duration(len(tests)*count)*limit+30*time.Second)
	p.Duration = time.Since(start)
	if err := s.finish(p); err != nil {
		return nil, err
	}
	if launch != nil {
		rep := launch.Report()
		if rep.Err != nil && ctx.Err() == nil {
			return nil, fmt.Errorf("sandbox: %w", rep.Err)
		}
		p.Leftover = p.Leftover || rep.Leftover > 0
		p.CPULimit = rep.CPULimit
	}
	resultsR.SetReadDeadline(time.Now().Add(5 * time.Second))
	p.Results, p.Tampered = (<-results).tally(tests, count)
	Tracef("process %v, finished %v", p.Duration, time.Since(start))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exit *exec.ExitError
	switch {
	case errors.As(waitErr, &exit):
		p.ExitCode = exit.ExitCode()
	case waitErr != nil:
		return nil, fmt.Errorf("wait for check binary: %w", waitErr)
	}
	return p, nil
}

// startLimit is the least time a test process has to start its first test
// (its time limit counts from there).
const startLimit = 15 * time.Second

// stream is a running test process wired to test2json.
type stream struct {
	cmd, conv *exec.Cmd
	pgid      int
	pr        *os.File      // the binary's output, read by the filter
	copied    chan error    // the filter is done
	events    chan Event    // decoded events, as they come
	decoded   chan error    // the decoder is done
	exited    chan error    // the binary has exited
	flood     chan struct{} // closed when the output passed the hard limit
	filter    *filter
	launch    *sandbox.Launch // the sandbox launcher the binary runs under, if any
}

// startStream starts test2json and cmd, the binary's output flowing
// through the output filter into test2json, events decoded as they come.
func startStream(ctx context.Context, opts *Options, cmd *exec.Cmd) (*stream, error) {
	t2j, err := opts.Go.Test2JSON(ctx)
	if err != nil {
		return nil, err
	}
	s := &stream{copied: make(chan error, 1), events: make(chan Event, 64), decoded: make(chan error, 1),
		exited: make(chan error, 1), flood: make(chan struct{})}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	s.pr = pr
	cmd.Stdout, cmd.Stderr, cmd.Stdin = pw, pw, nil
	s.conv = exec.Command(t2j, "-t", "-p", "check") // -t: each event's Time
	convIn, err := s.conv.StdinPipe()
	if err == nil {
		var convOut io.ReadCloser
		if convOut, err = s.conv.StdoutPipe(); err == nil {
			if err = s.conv.Start(); err == nil {
				go s.decode(convOut)
			}
		}
	}
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("start test2json: %w", err)
	}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		convIn.Close()
		s.conv.Wait()
		return nil, fmt.Errorf("start check binary: %w", err)
	}
	pw.Close()
	s.cmd, s.pgid = cmd, cmd.Process.Pid
	limit := opts.outputLimit()
	s.filter = &filter{w: convIn, limit: limit, hard: 16 * limit, flood: s.flood}
	go func() {
		err := s.filter.copy(pr)
		convIn.Close()
		s.copied <- err
	}()
	go func() { s.exited <- cmd.Wait() }()
	return s, nil
}

// decode reads test2json's events and passes them on.
func (s *stream) decode(r io.Reader) {
	dec := json.NewDecoder(r)
	for {
		var ev Event
		if err := dec.Decode(&ev); err != nil {
			close(s.events)
			if err == io.EOF {
				err = nil
			}
			s.decoded <- err
			return
		}
		s.events <- ev
	}
}

// watch collects events until the binary exits, stopping it when a test
// (or the gap before one: an init, say) overruns the limit, the whole
// process overruns total, it floods its output, or ctx ends. It returns
// the binary's exit.
func (s *stream) watch(ctx context.Context, p *Process, limit, total time.Duration) error {
	// Until its first test starts, the process has at least startLimit:
	// a race-enabled binary starting through the sandbox on a loaded
	// machine can take seconds before any code under check runs, and a
	// short -timeout must not call that an init that never returns.
	bound := max(limit, startLimit)
	timer := time.NewTimer(bound)
	defer timer.Stop()
	whole := time.NewTimer(total)
	defer whole.Stop()
	running := ""
	events := s.events
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			p.Events = append(p.Events, ev)
			if ev.Test == "" || strings.Contains(ev.Test, "/") {
				continue
			}
			switch ev.Action {
			case "run":
				running, bound = ev.Test, limit
				timer.Reset(bound)
			case "pass", "fail", "skip":
				if ev.Test == running {
					running = ""
					timer.Reset(bound) // the gap to the next test is bounded too
				}
			}
		case err := <-s.exited:
			return err
		case <-timer.C:
			// The running test (or the gap before the next) is over its
			// limit: SIGQUIT makes the binary dump every goroutine, then
			// the process is killed.
			p.Overran, p.Stalled, p.Waited = running, running == "", bound
			return s.stop(true)
		case <-whole.C:
			p.Overran, p.Stalled, p.Waited = running, running == "", total
			return s.stop(true)
		case <-s.flood:
			p.Flooded = true
			return s.stop(false)
		case <-ctx.Done():
			return s.stop(false)
		}
	}
}

// stop ends the binary: with dump, first a SIGQUIT so that it prints every
// goroutine. Under the sandbox the launcher is asked (SIGTERM) so that it
// can kill and reap everything the run started; SIGKILL to the whole group
// is the last resort.
func (s *stream) stop(dump bool) error {
	wait := func(d time.Duration) (error, bool) {
		select {
		case err := <-s.exited:
			return err, true
		case <-time.After(d):
			return nil, false
		}
	}
	if dump {
		syscall.Kill(s.pgid, syscall.SIGQUIT) // the launcher passes it on
		if err, ok := wait(3 * time.Second); ok {
			return err
		}
	}
	if s.launch != nil {
		syscall.Kill(s.pgid, syscall.SIGTERM)
		if err, ok := wait(sandbox.TermGrace + 3*time.Second); ok {
			return err
		}
	}
	syscall.Kill(-s.pgid, syscall.SIGKILL)
	err := <-s.exited
	if s.launch != nil {
		sandbox.Sweep()
	}
	return err
}

// finish kills what the binary left in its group, drains the output and
// the events, and waits for test2json.
func (s *stream) finish(p *Process) error {
	drained := make(chan []Event)
	go func() {
		var rest []Event
		for ev := range s.events {
			rest = append(rest, ev)
		}
		drained <- rest
	}()
	defer func() { p.Events = append(p.Events, <-drained...) }()
	if syscall.Kill(-s.pgid, 0) == nil {
		p.Leftover = true
		syscall.Kill(-s.pgid, syscall.SIGKILL)
	}
	// Leftovers outside the group may hold the pipe open: do not wait for
	// them for ever.
	select {
	case <-s.copied:
	case <-time.After(5 * time.Second):
		s.pr.Close()
		<-s.copied
	}
	s.pr.Close()
	derr := <-s.decoded
	s.conv.Wait()
	p.Truncated = s.filter.dropped
	if derr != nil {
		return fmt.Errorf("read test2json: %w", derr)
	}
	return nil
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return q
}

// Output joins the output events of test (all output when test is "").
func Output(events []Event, test string) string {
	var b strings.Builder
	for _, ev := range events {
		if ev.Action == "output" && (test == "" || ev.Test == test) {
			b.WriteString(ev.Output)
		}
	}
	return b.String()
}

var coreOnce sync.Once

// noCoreDumps sets the checker's RLIMIT_CORE to 0, once, so that the test
// processes it starts, which inherit it, never write a core file when they
// crash on purpose (GOTRACEBACK=crash). The checker writes none either.
func noCoreDumps() {
	coreOnce.Do(func() { syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{}) })
}
