package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/progress"
	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/goconcurrency/workbook/internal/textreport"
)

// run is the whole checker: it parses args and carries out one command.
func run(args []string, stdout, stderr io.Writer) error {
	o, words, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	cmd := ""
	if len(words) > 0 {
		cmd = words[0]
	}
	switch cmd {
	case "help", "-h", "--help":
		if len(words) > 1 {
			return usagef("help takes no arguments")
		}
		printHelp(stdout)
		return nil
	case "version":
		if len(words) > 1 {
			return usagef("version takes no arguments")
		}
		fmt.Fprintln(stdout, version())
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s, err := newSession(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	switch cmd {
	case "":
		return s.overview()
	case "list":
		return s.list(words[1:])
	case "all":
		if len(words) > 1 {
			return usagef("all takes no arguments")
		}
		return s.check(s.cat.Exercises)
	case "hint":
		return s.hint(words[1:])
	case "solution":
		return s.solution(words[1:])
	case "reset":
		return s.reset(words[1:], os.Stdin)
	case "watch":
		return s.watch(words[1:])
	case "grade":
		return s.grade(words[1:])
	case "merge":
		return s.merge(words[1:])
	case "dev":
		return s.dev(words[1:])
	}
	var list []catalog.Exercise
	for _, w := range words {
		e, err := s.cat.Lookup(w)
		if err != nil {
			return usagef("%v", err)
		}
		list = append(list, e)
	}
	return s.check(list)
}

// session is what the commands share.
type session struct {
	ctx     context.Context
	o       *options
	stdout  io.Writer
	stderr  io.Writer
	root    string
	cat     *catalog.Catalog
	printer *textreport.Printer
	command string // how to run the checker, for "run ... next" lines

	goOnce sync.Once
	tc     *testbin.Toolchain
	tcErr  error
	opts   *testbin.Options

	progressMu sync.Mutex
	progress   *textreport.Progress // the terminal's progress line while checks run
	watching   bool                 // in watch, on a terminal: keys, not commands
}

func newSession(ctx context.Context, o *options, stdout, stderr io.Writer) (*session, error) {
	s := &session{ctx: ctx, o: o, stdout: stdout, stderr: stderr, command: invokedAs()}
	var checks = workbookChecks()
	if o.scripts != "" {
		info, err := os.Stat(o.scripts)
		if err != nil || !info.IsDir() {
			return nil, usagef("-scripts %s: not a folder", o.scripts)
		}
	}
	cat, err := catalog.Load(checks)
	if err != nil {
		return nil, err
	}
	cat.Extra = o.scripts
	s.cat = cat
	s.printer = &textreport.Printer{W: stdout, Color: textreport.UseColor(stdout), Verbose: o.verbose, Command: s.command}
	return s, nil
}

// version is the checker's version line: its module version (or the VCS
// revision it was built from) and the Go it was built with.
func version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, st := range bi.Settings {
			if st.Key == "vcs.revision" && len(st.Value) >= 12 {
				v += " " + st.Value[:12]
			}
			if st.Key == "vcs.modified" && st.Value == "true" {
				v += "+modified"
			}
		}
	}
	return fmt.Sprintf("checker %s (%s, %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// workbookChecks is the embedded testdata/.
func workbookChecks() catalog.FS { return workbook.Checks }

// findRoot finds the workbook around the current directory.
func (s *session) findRoot() (string, error) {
	if s.root != "" {
		return s.root, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root, err := catalog.FindRoot(wd)
	if err != nil {
		return "", err
	}
	s.root = root
	return root, nil
}

// toolchain finds Go once.
func (s *session) toolchain() (*testbin.Toolchain, error) {
	s.goOnce.Do(func() { s.tc, s.tcErr = testbin.FindToolchain(s.ctx) })
	return s.tc, s.tcErr
}

// invokedAs guesses how the learner ran the checker, for the commands it
// suggests: a binary that go run built lives in a temporary build folder,
// and then the suggestion names the checker's folder from where the
// learner is ("go run ../../checker" in exercises/sumthread).
func invokedAs() string {
	exe, err := os.Executable()
	if err != nil || !(strings.Contains(exe, string(filepath.Separator)+"go-build") || strings.Contains(exe, "/go/run")) {
		return "checker"
	}
	wd, err := os.Getwd()
	if err != nil {
		return "go run ./checker"
	}
	root, err := catalog.FindRoot(wd)
	if err != nil {
		return "go run ./checker"
	}
	rel, err := filepath.Rel(wd, filepath.Join(root, "checker"))
	if err != nil {
		return "go run ./checker"
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	return "go run " + rel
}

// options is the one value of engine options for this command, made once
// from the flags.
func (s *session) options() (*testbin.Options, error) {
	if s.opts != nil {
		return s.opts, nil
	}
	tc, err := s.toolchain()
	if err != nil {
		return nil, err
	}
	mode, err := sandbox.ParseMode(s.o.sandbox)
	if err != nil {
		return nil, usagef("%v", err)
	}
	switch err := sandbox.Probe().Err(); {
	case err != nil && mode == sandbox.Require:
		return nil, fmt.Errorf("-sandbox require: %v", err)
	case err != nil && mode == sandbox.Auto:
		fmt.Fprintf(s.stderr, "checker: warning: %v; code under check runs with less isolation (%s)\n", err, sandbox.Probe())
	}
	s.opts = &testbin.Options{
		Go: tc, GoSum: workbook.GoSum, Count: s.o.count, Timeout: s.o.timeout, Run: s.o.run,
		Verbose: s.o.verbose, Jobs: make(chan struct{}, s.o.jobs), Building: s.buildingNotice(),
		Sandbox: mode, Durations: testbin.LoadDurations(),
	}
	return s.opts, nil
}

// checker is the engine that checks exercises with this session's checks
// and options.
func (s *session) checker() (*checking.Checker, error) {
	opts, err := s.options()
	if err != nil {
		return nil, err
	}
	return &checking.Checker{Catalog: s.cat, Options: opts}, nil
}

// buildingNotice returns a Building callback that tells the learner what
// a slow build is doing: on a terminal in the progress line, from the first
// second; elsewhere in one line, once, when a build takes over 2s. Only
// while no check build has ever been made on this machine (the binary
// cache is empty) does it add that the first one also builds Go's race
// runtime, a minute or so: on a busy machine any build may take seconds.
// grade says nothing: its progress is a line per submission.
func (s *session) buildingNotice() func(string) func() {
	var once sync.Once
	return func(what string) func() {
		why := ""
		if !testbin.BuiltBefore() {
			why = " (the first check on a machine also builds Go's race runtime: a minute or so, once)"
		}
		if p := s.currentProgress(); p != nil {
			p.Phase("building " + what + " with the race detector" + why)
			return func() {}
		}
		t := time.AfterFunc(2*time.Second, func() {
			once.Do(func() {
				fmt.Fprintf(s.stderr, "building %s with the race detector…%s\n", what, why)
			})
		})
		return func() { t.Stop() }
	}
}

// currentProgress is the progress line being shown, or nil.
func (s *session) currentProgress() *textreport.Progress {
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	return s.progress
}

// startProgress shows the progress line for a run of total checks of
// label, on a terminal only, and returns the function that clears it.
func (s *session) startProgress(label string, total int) func() {
	if !s.printer.Color || s.o.json {
		return func() {}
	}
	p := textreport.StartProgress(s.stdout, label, total)
	s.progressMu.Lock()
	s.progress = p
	s.progressMu.Unlock()
	return func() {
		s.progressMu.Lock()
		s.progress = nil
		s.progressMu.Unlock()
		p.Stop()
	}
}

// savePass records what a check of the learner's exercises found.
func (s *session) record(root string, id, name, status string) {
	if s.o.solutions {
		return
	}
	st, err := progress.Load(root)
	if err != nil {
		return
	}
	files, _, _ := target.Read(filepath.Join(root, catalog.ExercisesDir, name))
	st.Record(id, status, files.Fingerprint())
	st.Save()
}
