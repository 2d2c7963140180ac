// Package diagnose turns what a check's test binary did (its test2json events,
// its exit, whether it was killed) into a verdict a learner can act on: the
// kind of failure, the learner's own file and line, and short evidence.
package diagnose

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// Kind is a diagnosis kind; the words are the same in text and JSON. The
// kinds are declared once, in the protocol the checks' kit shares with
// the checker.
type Kind = protocol.Kind

// The diagnosis kinds.
const (
	Compile    = protocol.Compile
	Wrong      = protocol.Wrong
	Race       = protocol.Race
	Deadlock   = protocol.Deadlock
	Leak       = protocol.Leak
	Timeout    = protocol.Timeout
	Panic      = protocol.Panic
	Sequential = protocol.Sequential
	Error      = protocol.Error
)

// The statuses of a check, as results has them.
const (
	Pass      = results.Pass
	Fail      = results.Fail
	ErrStatus = results.Error
)

// Verdict is the diagnosis of one check.
type Verdict struct {
	Status  string // Pass, Fail or ErrStatus
	Kind    Kind   // empty on pass
	Message string // what went wrong, in words, with short evidence
	File    string // the learner's file, relative to the workbook, or ""
	Line    int
	Output  string // the raw test output, capped, paths mapped
	// Cause names the cause in one line, the same for every submission
	// that fails this way; Evidence is its shape, for drawing.
	Cause    string
	Evidence *results.Evidence
}

// Paths maps the check build's paths back to what the learner knows.
type Paths struct {
	Package string // the target package's name ("sumthread")
	Dir     string // where it sits in the build ("sumthread", or "w3/sumthread" for a variant); "" means Package
	Display string // the target as the learner sees it ("exercises/sumthread")
	// Code is the code under check, to quote its lines and read who should
	// have released a lock or closed a channel.
	Code target.Code
}

// dir is where the target sits in the build.
func (p Paths) dir() string {
	if p.Dir == "" {
		return p.Package
	}
	return p.Dir
}

// OutputCap bounds the raw output kept in a verdict.
const OutputCap = 64 << 10

// buildPrefix is how the target's files appear in traces built with -trimpath.
func (p Paths) buildPrefix() string { return testbin.ModulePath + "/" + p.dir() + "/" }

// checksPrefix is how the checks' files appear in traces.
func (p Paths) checksPrefix() string {
	return testbin.ModulePath + "/" + testbin.ChecksDir + "/" + p.dir() + "/"
}

// learnerFile reports whether a trace file is one of the learner's (a
// non-test file of the target) and returns it as the learner knows it.
func (p Paths) learnerFile(file string) (string, bool) {
	rest, ok := strings.CutPrefix(file, p.buildPrefix())
	if !ok {
		rest, ok = strings.CutPrefix(file, p.dir()+"/")
	}
	if !ok {
		rest, ok = strings.CutPrefix(file, "./")
	}
	if !ok || strings.Contains(rest, "/") || !target.IsCode(rest) {
		return "", false
	}
	return p.Display + "/" + rest, true
}

// checkFile is a file of the checks' own code ("runall_many_check.go")
// under the name its script gives it ("runall_many_test.go").
var checkFile = regexp.MustCompile(`\b([A-Za-z0-9_.-]+)_check\.go\b`)

// MapPaths rewrites build paths in text to the learner's paths, and names
// the checks' own files as the check's.
func (p Paths) MapPaths(text string) string {
	text = strings.ReplaceAll(text, p.checksPrefix(), "(check) ")
	text = checkFile.ReplaceAllString(text, "${1}_test.go")
	text = strings.ReplaceAll(text, p.buildPrefix(), p.Display+"/")
	text = strings.ReplaceAll(text, testbin.ModulePath+"/"+testbin.ChecksDir+"/"+p.dir()+".", "check.")
	text = strings.ReplaceAll(text, testbin.ModulePath+"/"+p.dir()+".", p.Package+".")
	return text
}

// testRun is what the events of a process say about one test.
type testRun struct {
	action string // last of run, pass, fail, skip
	fails  int    // repetitions that failed
	kinds  []string
	output strings.Builder // its own output, and the process's unattributed output while it ran
}

// collect gathers what p's events say about test: its last action, the
// kinds it claimed, and its output, with the output of no test that the
// process printed from its start until the next test started (a crash is
// printed there).
func collect(test string, p *testbin.Process) *testRun {
	r := &testRun{}
	// A test that never started (the binary died first, in an init, say)
	// owns everything the process printed.
	mine := true
	for _, ev := range p.Events {
		if ev.Action == "run" && ev.Test == test {
			mine = false
		}
	}
	for _, ev := range p.Events {
		top, _, _ := strings.Cut(ev.Test, "/")
		if ev.Action == "run" && top != "" && ev.Test == top {
			mine = top == test
		}
		switch {
		case top == test:
		case top == "" && mine:
		default:
			continue
		}
		switch ev.Action {
		case "output":
			r.output.WriteString(ev.Output)
		case "attr":
			if ev.Key == protocol.AttrKind {
				r.kinds = append(r.kinds, ev.Value)
			}
		case "run", "pass", "fail", "skip":
			if ev.Test == test {
				r.action = ev.Action
				if ev.Action == "fail" {
					r.fails++
				}
			}
		}
	}
	return r
}

// Test diagnoses one test (by its name in the binary) from the process
// that ran it.
func Test(test string, p *testbin.Process, paths Paths) Verdict {
	r := collect(test, p)
	text := r.output.String()
	v := Verdict{Output: capText(paths.MapPaths(text))}
	overran := p.Overran == test
	stalled := p.Stalled && r.action == ""
	// The verdict rests on the results the test binary reported on its own
	// channel; the events come from output the code under check shares.
	tally := p.Results[test]
	passed := tally != nil && tally.Pass > 0 && tally.Fail == 0
	if p.Tampered != "" {
		v.Status, v.Kind = Fail, Wrong
		v.Message = "your code wrote into the checker's own results channel (" + p.Tampered + "): code under check must not write to file descriptors it did not open"
		return v
	}
	if passed && !overran && !p.Flooded {
		if p.Leftover && len(p.Tests) == 1 {
			v.Status, v.Kind = Fail, Leak
			v.Message = "processes started during the check were still running after it ended: wait for every process you start"
			return v
		}
		v.Status = Pass
		return v
	}
	v.Status = Fail
	switch {
	case p.Flooded:
		v.Kind = Wrong
		v.Message = "the code printed far too much output (over the checker's limit), so the check was stopped: look for a print in a loop"
	case strings.Contains(text, "WARNING: DATA RACE"):
		diagnoseRace(&v, text, paths)
	case len(r.kinds) > 0:
		v.Kind = Kind(r.kinds[0])
		v.Message = testMessages(text)
		if v.Kind == Deadlock || v.Kind == Timeout || v.Kind == Leak || v.Kind == Sequential {
			blockedEvidence(&v, text, paths, "")
		}
		messageFileLines(&v, paths)
		firstLearnerFrame(&v, text, paths)
	case strings.Contains(text, "main bubble goroutine has exited but blocked goroutines remain"):
		v.Kind = Leak
		blockedEvidence(&v, text, paths, "goroutines were left blocked after the check's code returned (leaked): every goroutine you start must be able to finish")
	case strings.Contains(text, "all goroutines in bubble are blocked") || strings.Contains(text, "all goroutines are asleep - deadlock"):
		v.Kind = Deadlock
		blockedEvidence(&v, text, paths, "deadlock: every goroutine is blocked and none can ever wake the others")
	case strings.Contains(text, protocol.Stuck):
		v.Kind = Deadlock
		head := "deadlock: every goroutine of your code was waiting, and none could wake another"
		if m := regexp.MustCompile(regexp.QuoteMeta(protocol.Stuck) + ` (\S+): (.*)`).FindStringSubmatch(text); m != nil {
			head = fmt.Sprintf("deadlock: every goroutine of your code waited for %s, and none could wake another (the check waited for %s)", m[1], m[2])
		}
		blockedEvidence(&v, text, paths, head)
	case stalled:
		v.Kind = Timeout
		blockedEvidence(&v, text, paths, fmt.Sprintf("timed out: the check never started within %s (does an init function of your package never return?)", p.Waited))
	case overran || strings.Contains(text, "panic: test timed out after") || strings.Contains(text, protocol.TimedOut):
		v.Kind = Timeout
		blockedEvidence(&v, text, paths, timeoutHead(text, p, overran))
	case strings.Contains(text, "panic: ") || strings.Contains(text, "fatal error: "):
		diagnosePanic(&v, text, paths)
	case r.action == "fail" || (tally != nil && tally.Fail > 0):
		v.Kind = Wrong
		v.Message = testMessages(text)
		if v.Message == "" {
			v.Message = "the check failed without a message"
		}
		if r.action == "pass" {
			v.Message += "\n(the check failed, though lines your code printed claimed it passed: printed test results count for nothing)"
		}
		messageFileLines(&v, paths)
	case p.CPULimit:
		v.Kind = Timeout
		v.Message = "timed out: the check used up its CPU time and was killed (a loop that never ends, in your code or in a process it started?)"
		firstLearnerFrame(&v, text, paths)
	case p.ExitCode != 0:
		v.Kind = Panic
		v.Message = fmt.Sprintf("the test binary exited with status %d before the check finished (os.Exit or a crash in your code?)", p.ExitCode)
		firstLearnerFrame(&v, text, paths)
	case strings.Contains(testbin.Output(p.Events, ""), "testing: warning: no tests to run"):
		v.Status, v.Kind = ErrStatus, Error
		v.Message = "the check's tests were not found in its test binary: " + test
	default:
		// The binary ended, saying all was well, before the test finished:
		// the learner's code ended the program (syscall.Exit, or a kill).
		v.Kind = Panic
		v.Message = "the program ended in the middle of the check, before it finished (does your code call os.Exit or syscall.Exit? a library must return instead)"
		firstLearnerFrame(&v, text, paths)
	}
	if p.Leftover && v.Kind != Leak {
		v.Message += "\n(processes your code started were still running afterwards; they were killed)"
	}
	if v.Kind == Sequential {
		v.Evidence = sequenceOf(v)
	}
	if v.Cause == "" {
		v.Cause = causeOf(v)
	}
	return v
}

// startedOf reads "only N of (its) M" from a check's message about work run
// one after another.
var startedOf = regexp.MustCompile(`only (\d+) of (?:its |the )?(\d+)`)

// sequenceOf is the evidence of a sequential verdict: how many of the
// pieces of work had started when the code first waited, and where it
// waited.
func sequenceOf(v Verdict) *results.Evidence {
	ev := v.Evidence
	if ev == nil {
		ev = &results.Evidence{}
	}
	seq := &results.Sequence{}
	if m := startedOf.FindStringSubmatch(v.Message); m != nil {
		seq.Started, _ = strconv.Atoi(m[1])
		seq.Expected, _ = strconv.Atoi(m[2])
	}
	for i, w := range ev.Waits {
		switch w.On {
		case "WaitGroup.Wait", "a channel receive", "a pipe or a process", "a select":
			seq.Waits = &ev.Waits[i]
		}
		if seq.Waits != nil {
			break
		}
	}
	ev.Sequence = seq
	return ev
}

// digits and fileLines are what varies between submissions that fail the
// same way.
var (
	digits    = regexp.MustCompile(`\d+`)
	fileLines = regexp.MustCompile(`\S+\.go:\d+(:\d+)?`)
)

// causeOf names a verdict's cause in one line that is the same for every
// submission that fails this way: its kind, the learner's file (base name)
// and the first line of the message, numbers and positions taken out.
func causeOf(v Verdict) string {
	if v.Status == Pass {
		return ""
	}
	msg, _, _ := strings.Cut(v.Message, "\n")
	msg = fileLines.ReplaceAllStringFunc(msg, func(m string) string { return path.Base(strings.SplitN(m, ":", 2)[0]) })
	msg = digits.ReplaceAllString(msg, "N")
	if len(msg) > 120 {
		msg = msg[:120] + "…"
	}
	msg = strings.TrimPrefix(msg, string(v.Kind)+": ") // say the kind once
	c := string(v.Kind) + ": " + msg
	if v.File != "" && !strings.Contains(msg, path.Base(v.File)) {
		c += " (" + path.Base(v.File) + ")"
	}
	return c
}

// CompileFailure diagnoses a build that failed.
func CompileFailure(output string, p Paths) Verdict {
	v := Verdict{Status: Fail, Kind: Compile, Output: capText(p.MapPaths(output))}
	var msgs []string
	loc := regexp.MustCompile(`^(\S+\.go):(\d+)(?::\d+)?: `)
	for _, line := range strings.Split(output, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "FAIL") ||
			strings.HasPrefix(line, "go: finding module") || strings.HasPrefix(line, "\tgo get ") {
			continue
		}
		if m := missingAPI.FindStringSubmatch(line); m != nil {
			line = fmt.Sprintf("your package has no %s.%s, which the checks call: keep the exported API exactly as the stub gives it", m[1], m[2])
		} else if m := loc.FindStringSubmatch(line); m != nil && strings.HasSuffix(m[1], "_check.go") {
			line = "in the check's code (keep the exported API exactly as the stub gives it): " + strings.TrimSpace(line[len(m[0]):])
		} else if m := loc.FindStringSubmatch(line); m != nil {
			if f, ok := p.learnerFile(m[1]); ok {
				line = f + line[len(m[1]):]
				if v.File == "" {
					v.File = f
					v.Line, _ = strconv.Atoi(m[2])
				}
			}
		}
		if strings.Contains(line, "no required module provides package") || strings.Contains(line, "cannot find module providing package") {
			pkg := regexp.MustCompile(`package (\S+)`).FindStringSubmatch(line)
			name := "a package"
			if pkg != nil {
				name = pkg[1]
			}
			where := ""
			if m := loc.FindStringSubmatch(line); m != nil {
				where = m[0]
			}
			line = fmt.Sprintf("%simports %s, which is not available: checks run offline with the workbook's modules only (use the standard library)", where, strings.TrimSuffix(name, ";"))
		}
		msgs = append(msgs, p.MapPaths(line))
	}
	const most = 8
	if len(msgs) > most {
		msgs = append(msgs[:most], fmt.Sprintf("… and %d more", len(msgs)-most))
	}
	v.Message = "the code does not compile:\n" + strings.Join(msgs, "\n")
	if len(msgs) > 0 {
		first := fileLines.ReplaceAllStringFunc(msgs[0], func(m string) string { return path.Base(strings.SplitN(m, ":", 2)[0]) })
		v.Cause = "compile: " + digits.ReplaceAllString(first, "N")
	}
	return v
}

var missingAPI = regexp.MustCompile(`_check\.go:\d+:\d+: undefined: (\w+)\.(\w+)`)

// testMessages extracts what the tests said with t.Error and friends, less
// the check file's name and line (the learner does not have that file).
func testMessages(text string) string {
	var out []string
	msg := regexp.MustCompile(`^ {4,}\S+_(?:check|test)\.go:\d+: ?(.*)$`)
	inMsg := false
	for _, line := range strings.Split(text, "\n") {
		if m := msg.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
			inMsg = true
			continue
		}
		if inMsg && strings.HasPrefix(line, "        ") {
			out = append(out, strings.TrimPrefix(line, "        "))
			continue
		}
		inMsg = false
	}
	// go-cmp randomly puts non-breaking spaces in its diffs; plain ones
	// read and copy the same.
	return strings.ReplaceAll(strings.TrimSpace(strings.Join(out, "\n")), "\u00a0", " ")
}

func capText(s string) string {
	if len(s) <= OutputCap {
		return s
	}
	return s[:OutputCap] + "\n[… output capped at 64 KiB]\n"
}

// bareFileLine is a "NAME.go:LINE" a check names in its message (checks
// that read the learner's source say where, by the file's base name).
var bareFileLine = regexp.MustCompile(`(^|[\s(])([A-Za-z0-9_.-]+\.go):(\d+)\b`)

// messageFileLines rewrites the learner's files named bare in v's message
// to the paths the learner knows, and takes the first as v's file and line
// when v has none.
func messageFileLines(v *Verdict, p Paths) {
	v.Message = bareFileLine.ReplaceAllStringFunc(v.Message, func(m string) string {
		sub := bareFileLine.FindStringSubmatch(m)
		if strings.HasSuffix(sub[2], "_test.go") {
			return m
		}
		file := p.Display + "/" + sub[2]
		if v.File == "" {
			v.File = file
			v.Line, _ = strconv.Atoi(sub[3])
		}
		return sub[1] + file + ":" + sub[3]
	})
}

// firstLearnerFrame sets v's file and line from the first learner frame of
// any goroutine in text, when v has none.
func firstLearnerFrame(v *Verdict, text string, p Paths) {
	if v.File != "" {
		return
	}
	for _, g := range parseGoroutines(text) {
		for _, f := range g.Frames {
			if file, ok := p.learnerFile(f.File); ok {
				v.File, v.Line = file, f.Line
				return
			}
		}
	}
}

func timeoutHead(text string, p *testbin.Process, overran bool) string {
	if m := regexp.MustCompile(regexp.QuoteMeta(protocol.TimedOut) + ` (\S+): (.*)`).FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("timed out: waited %s for %s", m[1], m[2])
	}
	if m := regexp.MustCompile(`panic: test timed out after (\S+)`).FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("timed out: the check did not finish within %s", m[1])
	}
	if overran {
		return fmt.Sprintf("timed out: the check did not finish within %s and was stopped", p.Limit)
	}
	return "timed out: the check did not finish in time and was killed"
}

// blockedEvidence lists the goroutines that are stuck in the learner's code,
// with what each waits for, and points v at the first.
func blockedEvidence(v *Verdict, text string, p Paths, head string) {
	// Each goroutine stuck in the learner's code, at its first learner
	// frame; the ones the check called into (their stack holds the check's
	// own code) first, then by file and line, so that the order, and the
	// place the verdict points at, do not depend on the order of the dump.
	type stuckAt struct {
		wait   results.Wait
		direct bool
	}
	var found []stuckAt
	seen := map[string]bool{}
	for _, g := range parseGoroutines(text) {
		direct := false
		for _, f := range g.Frames {
			if strings.HasPrefix(f.Func, testbin.ModulePath+"/"+testbin.ChecksDir+"/") {
				direct = true
			}
		}
		for _, f := range g.Frames {
			file, ok := p.learnerFile(f.File)
			if !ok {
				continue
			}
			if g.State == "running" && strings.Contains(text, "timed out") && strings.HasPrefix(f.Func, "runtime.") {
				break
			}
			key := fmt.Sprintf("%s:%d %s %s", file, f.Line, f.Func, g.State)
			if !seen[key] {
				seen[key] = true
				w := results.Wait{Goroutine: fmt.Sprintf("goroutine %d", g.ID), Func: p.shortFunc(f.Func), File: file, Line: f.Line,
					Code: p.sourceLine(file, f.Line), On: waitOn(g.State)}
				w.Because = p.because(w.On, w.Code)
				found = append(found, stuckAt{w, direct})
			}
			break
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.direct != b.direct {
			return a.direct
		}
		if a.wait.File != b.wait.File {
			return a.wait.File < b.wait.File
		}
		return a.wait.Line < b.wait.Line
	})
	var lines []string
	var waits []results.Wait
	culprit := v.File == ""
	for _, f := range found {
		w := f.wait
		waits = append(waits, w)
		lines = append(lines, fmt.Sprintf("  %s:%d in %s waits on %s", w.File, w.Line, w.Func, w.On))
		if v.File == "" {
			v.File, v.Line = w.File, w.Line
		}
	}
	// Where the source tells who should have released a waiting goroutine
	// (a return that keeps a lock), that is the place at fault.
	for _, w := range waits {
		if m := culpritAt.FindStringSubmatch(w.Because); m != nil && culprit {
			line, _ := strconv.Atoi(m[2])
			if m[3] != "" {
				line, _ = strconv.Atoi(m[3])
			}
			v.File, v.Line = p.Display+"/"+m[1], line
			break
		}
	}
	if len(waits) > 0 {
		v.Evidence = &results.Evidence{Waits: waits}
		var parts []string
		for _, w := range waits {
			parts = append(parts, path.Base(w.File)+" "+w.Func+" waits on "+w.On)
		}
		sort.Strings(parts)
		v.Cause = string(v.Kind) + ": " + strings.Join(dedupe(parts), "; ")
	}
	msg := head
	if msg == "" {
		msg = testMessages(text)
	} else if tm := testMessages(text); tm != "" {
		msg = tm + "\n" + msg
	}
	if len(lines) > 0 {
		const most = 6
		n := len(lines)
		if n > most {
			lines = append(lines[:most], fmt.Sprintf("  … and %d more goroutines like these", n-most))
		}
		msg += "\nblocked in your code:\n" + strings.Join(lines, "\n")
	} else if head != "" && v.Kind == Timeout && runningElsewhere(text) {
		msg += "\n(a goroutine was still running when time ran out: most likely a loop in your code that never ends; look at the loops of the functions this check calls)"
	} else if head != "" && v.Kind == Deadlock {
		msg += "\n(the check itself was left waiting for your code: on a channel your code should have closed or sent on?)"
	} else if head != "" {
		msg += "\n(no goroutine was blocked in your code: look at what your functions wait for)"
	}
	v.Message = strings.TrimSpace(msg)
}

// culpritAt reads the place at fault from a wait's Because: the lock's
// file and line, and the return that keeps it, if any.
var culpritAt = regexp.MustCompile(`locks \S+ at (\S+\.go):(\d+) and (?:returns at line (\d+)|never unlocks)`)

// dedupe drops repeats from a sorted list.
func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// learnerFunc is the learner's function of the first learner frame.
func (p Paths) learnerFunc(frames []Frame) string {
	for _, f := range frames {
		if _, ok := p.learnerFile(f.File); ok {
			return p.shortFunc(f.Func)
		}
	}
	return ""
}

// runningElsewhere reports whether a goroutine other than the testing
// package's own was running when the dump was taken, its frames unknown or
// outside the learner's code (the race runtime hides a busy loop's frames).
func runningElsewhere(text string) bool {
	for _, g := range parseGoroutines(text) {
		if g.State == "running" && (len(g.Frames) == 0 || !strings.HasPrefix(g.Frames[0].Func, "testing.")) {
			return true
		}
	}
	return false
}

// shortFunc names a function as the learner knows it: "resource.Data" for
// theirs, "check.TestX" for the checks' own.
func (p Paths) shortFunc(fn string) string {
	return strings.TrimPrefix(p.MapPaths(fn), testbin.ModulePath+"/")
}

func diagnosePanic(v *Verdict, text string, p Paths) {
	v.Kind = Panic
	val := ""
	if m := regexp.MustCompile(`(?m)^(?:panic|fatal error): (.*?)(?: \[recovered.*\])?$`).FindStringSubmatch(text); m != nil {
		val = m[1]
	}
	if strings.Contains(text, "unexpected call to os.Exit(0) during test") {
		v.Message = "your code called os.Exit(0) during the check: a library must return, never end the program"
	} else {
		v.Message = "panic: " + val
	}
	gs := parseGoroutines(text)
	if len(gs) > 0 {
		for _, f := range gs[0].Frames {
			if file, ok := p.learnerFile(f.File); ok {
				v.File, v.Line = file, f.Line
				v.Message += fmt.Sprintf("\n  at %s:%d in %s", file, f.Line, p.shortFunc(f.Func))
				break
			}
		}
	}
	firstLearnerFrame(v, text, p)
}

// raceAccess is one side of a race report.
type raceAccess struct {
	what   string // "Write at 0x... by goroutine 8" -> "write by goroutine 8"
	by     string // "goroutine 8"
	frames []Frame
}

var raceHead = regexp.MustCompile(`^(Previous )?(read|write|Read|Write)( at 0x[0-9a-f]+)? by (goroutine \d+|main goroutine):$`)

// raceCreated heads the part of a race report that says where a goroutine
// was started.
var raceCreated = regexp.MustCompile(`^Goroutine (\d+) \([a-z]+\) created at:$`)

// raceWhere says where in frames an access happened: at the learner's first
// line (and then file and line are set), or else at the first line that is
// not the runtime's, named as the check's code.
func (p Paths) raceWhere(frames []Frame) (where, file string, line int) {
	for _, f := range frames {
		if file, ok := p.learnerFile(f.File); ok {
			return fmt.Sprintf("%s:%d in %s", file, f.Line, p.shortFunc(f.Func)), file, f.Line
		}
	}
	// A frame of the learner's code with no file of its own (a method
	// wrapper the compiler made, "<autogenerated>:1") is at the method's
	// declaration.
	for _, f := range frames {
		if file, line, ok := p.declarationOf(f.Func); ok {
			return fmt.Sprintf("%s:%d in %s", file, line, p.shortFunc(f.Func)), file, line
		}
	}
	for _, f := range frames {
		if !strings.HasPrefix(f.Func, "runtime.") && !strings.HasPrefix(f.Func, "sync/atomic.") && !strings.HasPrefix(f.Func, "internal/") {
			return fmt.Sprintf("%s:%d in %s (the check's code)", strings.TrimPrefix(p.MapPaths(f.File), testbin.ModulePath+"/"), f.Line, p.shortFunc(f.Func)), "", 0
		}
	}
	return "", "", 0
}

func diagnoseRace(v *Verdict, text string, p Paths) {
	v.Kind = Race
	start := strings.Index(text, "WARNING: DATA RACE")
	report := text[start:]
	if end := strings.Index(report, "\n=================="); end >= 0 {
		report = report[:end]
	}
	var accesses []raceAccess
	created := map[string]*raceAccess{} // "goroutine 9" -> where it was started
	var cur *raceAccess
	var fn string
	for _, line := range strings.Split(report, "\n") {
		if m := raceHead.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			what := strings.ToLower(m[2])
			if m[1] != "" {
				what = "previous " + what
			}
			accesses = append(accesses, raceAccess{what: what + " by " + m[4], by: m[4]})
			cur = &accesses[len(accesses)-1]
			continue
		}
		if m := raceCreated.FindStringSubmatch(line); m != nil {
			cur = &raceAccess{by: "goroutine " + m[1]}
			created[cur.by] = cur
			continue
		}
		if strings.HasPrefix(line, "Goroutine ") {
			cur = nil
			continue
		}
		if cur == nil {
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil && fn != "" {
			n, _ := strconv.Atoi(m[2])
			cur.frames = append(cur.frames, Frame{Func: fn, File: m[1], Line: n})
			fn = ""
		} else if m := funcLine.FindStringSubmatch(line); m != nil {
			fn = m[1]
		}
	}
	var lines []string
	var accs []results.Access
	for _, a := range accesses {
		where, file, line := p.raceWhere(a.frames)
		acc := results.Access{Op: strings.TrimPrefix(strings.Fields(a.what)[0], "previous "), Goroutine: a.by, File: file, Line: line}
		if strings.HasPrefix(a.what, "previous ") {
			acc.Op = strings.Fields(a.what)[1]
		}
		if file != "" {
			acc.Func, acc.Code = p.learnerFunc(a.frames), p.sourceLine(file, line)
		}
		if c := created[a.by]; c != nil {
			if w, f, _ := p.raceWhere(c.frames); f != "" {
				acc.StartedAt = w
			} else if in := p.startedInAny(a.frames); in != "" {
				acc.StartedAt = in
			} else if w != "" {
				acc.StartedAt = "the check's code"
			}
		}
		if file == "" {
			// The access's own stack has no line of the learner's (the race
			// detector may have lost it): say where its goroutine started.
			if c := created[a.by]; c != nil {
				if w, f, l := p.raceWhere(c.frames); f != "" {
					where, file, line = "in a goroutine started at "+w, f, l
				}
			}
		}
		if where == "" {
			where = "(the race detector kept no stack for it)"
		}
		if v.File == "" && file != "" {
			v.File, v.Line = file, line
		}
		lines = append(lines, "  "+a.what+": "+where)
		accs = append(accs, acc)
	}
	// Of two accesses at the learner's lines, the one under a lock is not
	// the one at fault: place the verdict at the other.
	if len(accs) == 2 && accs[0].File != "" && accs[1].File != "" {
		g0, g1 := p.guarded(accs[0].File, accs[0].Line), p.guarded(accs[1].File, accs[1].Line)
		if g0 && !g1 {
			v.File, v.Line = accs[1].File, accs[1].Line
		}
	}
	// The report names the later access first: put them in time order.
	for i, j := 0, len(accs)-1; i < j; i, j = i+1, j-1 {
		accs[i], accs[j] = accs[j], accs[i]
	}
	race := &results.Race{Accesses: accs}
	if len(accs) == 2 {
		race.Var = raceVar(accs[0].Code, accs[1].Code)
	}
	race.Advice = raceAdvice(accs, race.Var)
	if strings.Contains(report, "runtime.closechan(") {
		race.Advice = "a channel was closed while another goroutine could still send on it (or close it too): close a channel once, from one place, and only after every goroutine that sends on it is done (wait for them, with a WaitGroup, then close)."
	}
	v.Evidence = &results.Evidence{Race: race}
	v.Cause = raceCause(accs, race.Var)
	v.Message = "data race: two goroutines used the same memory at the same time and at least one of them wrote to it, so the result depends on luck. Guard the shared data with a sync.Mutex (or use channels or sync/atomic).\n" + strings.Join(lines, "\n")
	if tm := testMessages(text); tm != "" && !strings.Contains(tm, "race detected during execution of test") {
		v.Message += "\nthe check also said:\n" + tm
	}
}
