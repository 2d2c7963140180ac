// Package diagnose turns what a check's test binary did (its test2json events,
// its exit, whether it was killed) into a verdict a learner can act on: the
// kind of failure, the learner's own file and line, and short evidence.
package diagnose

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/workbook/internal/testbin"
)

// Kind is a diagnosis kind; the words are the same in text and JSON.
type Kind string

// The diagnosis kinds.
const (
	Compile    Kind = "compile"
	Wrong      Kind = "wrong"
	Race       Kind = "race"
	Deadlock   Kind = "deadlock"
	Leak       Kind = "leak"
	Timeout    Kind = "timeout"
	Panic      Kind = "panic"
	Sequential Kind = "sequential"
	Error      Kind = "error"
)

// Kinds lists every kind, in the order the spec gives them.
var Kinds = []Kind{Compile, Wrong, Race, Deadlock, Leak, Timeout, Panic, Sequential, Error}

// Status is pass, fail or error.
type Status string

// The statuses of a check.
const (
	Pass      Status = "pass"
	Fail      Status = "fail"
	ErrStatus Status = "error"
)

// Verdict is the diagnosis of one check.
type Verdict struct {
	Status  Status
	Kind    Kind   // empty on pass
	Message string // what went wrong, in words, with short evidence
	File    string // the learner's file, relative to the workbook, or ""
	Line    int
	Output  string // the raw test output, capped, paths mapped
}

// Paths maps the check build's paths back to what the learner knows.
type Paths struct {
	Package string // the target package's directory name in the build ("sumthread")
	Display string // the target as the learner sees it ("exercises/sumthread")
}

// OutputCap bounds the raw output kept in a verdict.
const OutputCap = 64 << 10

// buildPrefix is how the target's files appear in traces built with -trimpath.
func (p Paths) buildPrefix() string { return testbin.ModulePath + "/" + p.Package + "/" }

// learnerFile reports whether a trace file is one of the learner's (a
// non-test file of the target) and returns it as the learner knows it.
func (p Paths) learnerFile(file string) (string, bool) {
	rest, ok := strings.CutPrefix(file, p.buildPrefix())
	if !ok {
		rest, ok = strings.CutPrefix(file, p.Package+"/")
	}
	if !ok {
		rest, ok = strings.CutPrefix(file, "./")
	}
	if !ok || strings.Contains(rest, "/") || strings.HasSuffix(rest, "_test.go") {
		return "", false
	}
	return p.Display + "/" + rest, true
}

// MapPaths rewrites build paths in text to the learner's paths.
func (p Paths) MapPaths(text string) string {
	// The checks' own test files sit beside the target in the build but
	// not in the learner's folder: name them as the check's.
	text = regexp.MustCompile(regexp.QuoteMeta(p.buildPrefix())+`([A-Za-z0-9_.-]+_test\.go)`).ReplaceAllString(text, "(check) $1")
	text = strings.ReplaceAll(text, p.buildPrefix(), p.Display+"/")
	text = strings.ReplaceAll(text, testbin.ModulePath+"/"+p.Package+".", p.Package+".")
	text = strings.ReplaceAll(text, testbin.ModulePath+"/"+p.Package+"_test.", "check.")
	return text
}

// testRun collects what the events say about one test.
type testRun struct {
	action string // last of run, pass, fail, skip
	kinds  []string
	output strings.Builder
}

// Check diagnoses one run of a check binary that was asked to run tests.
func Check(tests []string, res *testbin.Result, p Paths) Verdict {
	runs := map[string]*testRun{}
	get := func(name string) *testRun {
		r := runs[name]
		if r == nil {
			r = &testRun{}
			runs[name] = r
		}
		return r
	}
	var all strings.Builder
	for _, ev := range res.Events {
		top, _, _ := strings.Cut(ev.Test, "/")
		switch ev.Action {
		case "output":
			all.WriteString(ev.Output)
			if ev.Test != "" {
				get(top).output.WriteString(ev.Output)
			}
		case "attr":
			if ev.Key == "checkkit.kind" && top != "" {
				get(top).kinds = append(get(top).kinds, ev.Value)
			}
		case "run", "pass", "fail", "skip":
			if ev.Test == top && top != "" {
				get(top).action = ev.Action
			}
		}
	}
	raw := all.String()
	v := Verdict{Output: capText(p.MapPaths(raw))}

	var failed, missing []string
	for _, name := range tests {
		r := runs[name]
		switch {
		case r == nil || r.action == "run" || r.action == "":
			missing = append(missing, name)
		case r.action == "fail":
			failed = append(failed, name)
		}
	}
	if len(failed) == 0 && len(missing) == 0 && res.ExitCode == 0 && !res.Killed && !res.Flooded {
		if res.Leftover {
			v.Status, v.Kind = Fail, Leak
			v.Message = "processes started during the check were still running after it ended: wait for every process you start"
			return v
		}
		v.Status = Pass
		return v
	}
	v.Status = Fail
	// The failing test's own output is the evidence; a crash is printed
	// under the test that was running, so it is there too.
	var focus strings.Builder
	var kinds []string
	for _, name := range append(append([]string{}, failed...), missing...) {
		if r := runs[name]; r != nil {
			focus.WriteString(r.output.String())
			kinds = append(kinds, r.kinds...)
		}
	}
	text := focus.String()
	if strings.TrimSpace(text) == "" {
		text = raw
	}
	switch {
	case res.Flooded:
		v.Kind = Wrong
		v.Message = "the code printed far too much output (over the checker's limit), so the check was stopped: look for a print in a loop"
	case strings.Contains(raw, "WARNING: DATA RACE"):
		diagnoseRace(&v, raw, p)
	case len(kinds) > 0:
		v.Kind = Kind(kinds[0])
		v.Message = testMessages(text)
		if v.Kind == Deadlock || v.Kind == Timeout || v.Kind == Leak || v.Kind == Sequential {
			blockedEvidence(&v, text, p, "")
		}
		messageFileLines(&v, p)
		firstLearnerFrame(&v, text, p)
	case strings.Contains(text, "main bubble goroutine has exited but blocked goroutines remain"):
		v.Kind = Leak
		blockedEvidence(&v, text, p, "goroutines were left blocked after the check's code returned (leaked): every goroutine you start must be able to finish")
	case strings.Contains(text, "all goroutines in bubble are blocked") || strings.Contains(text, "all goroutines are asleep - deadlock"):
		v.Kind = Deadlock
		blockedEvidence(&v, text, p, "deadlock: every goroutine is blocked and none can ever wake the others")
	case res.Killed || strings.Contains(text, "panic: test timed out after") || strings.Contains(text, "checkkit: timed out after"):
		v.Kind = Timeout
		blockedEvidence(&v, text, p, timeoutHead(text, res))
	case strings.Contains(text, "panic: ") || strings.Contains(text, "fatal error: "):
		diagnosePanic(&v, text, p)
	case len(failed) > 0:
		v.Kind = Wrong
		v.Message = testMessages(text)
		if v.Message == "" {
			v.Message = "the check failed without a message"
		}
		messageFileLines(&v, p)
	case res.ExitCode != 0:
		v.Kind = Panic
		v.Message = fmt.Sprintf("the test binary exited with status %d before the check finished (os.Exit or a crash in your code?)", res.ExitCode)
		firstLearnerFrame(&v, text, p)
	case strings.Contains(raw, "testing: warning: no tests to run"):
		v.Status, v.Kind = ErrStatus, Error
		v.Message = "the check's tests were not found in its test binary: " + strings.Join(missing, ", ")
	default:
		// The binary ended, saying all was well, before the tests finished:
		// the learner's code ended the program (syscall.Exit, or a kill).
		v.Kind = Panic
		v.Message = "the program ended in the middle of the check, before these tests finished: " + strings.Join(missing, ", ") + " (does your code call os.Exit or syscall.Exit? a library must return instead)"
		firstLearnerFrame(&v, text, p)
	}
	if res.Leftover && v.Kind != Leak {
		v.Message += "\n(processes your code started were still running afterwards; they were killed)"
	}
	return v
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
		} else if m := loc.FindStringSubmatch(line); m != nil && strings.HasSuffix(m[1], "_test.go") {
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
	return v
}

var missingAPI = regexp.MustCompile(`_test\.go:\d+:\d+: undefined: (\w+)\.(\w+)`)

// testMessages extracts what the tests said with t.Error and friends, less
// the check file's name and line (the learner does not have that file).
func testMessages(text string) string {
	var out []string
	msg := regexp.MustCompile(`^ {4,}\S+_test\.go:\d+: ?(.*)$`)
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

func timeoutHead(text string, res *testbin.Result) string {
	if m := regexp.MustCompile(`checkkit: timed out after (\S+): (.*)`).FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("timed out: waited %s for %s", m[1], m[2])
	}
	if m := regexp.MustCompile(`panic: test timed out after (\S+)`).FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("timed out: the check did not finish within %s", m[1])
	}
	if res.Killed {
		return fmt.Sprintf("timed out: the check did not finish within %s and was stopped", res.Limit)
	}
	return "timed out: the check did not finish in time and was killed"
}

// blockedEvidence lists the goroutines that are stuck in the learner's code,
// with what each waits for, and points v at the first.
func blockedEvidence(v *Verdict, text string, p Paths, head string) {
	var lines []string
	seen := map[string]bool{}
	for _, g := range parseGoroutines(text) {
		for _, f := range g.Frames {
			file, ok := p.learnerFile(f.File)
			if !ok {
				continue
			}
			if g.State == "running" && strings.Contains(text, "timed out") && strings.HasPrefix(f.Func, "runtime.") {
				break
			}
			where := fmt.Sprintf("%s:%d", file, f.Line)
			line := fmt.Sprintf("  %s in %s %s", where, shortFunc(f.Func), waitWords(g.State))
			if !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
			if v.File == "" {
				v.File, v.Line = file, f.Line
			}
			break
		}
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

// shortFunc drops the build module from a function name.
func shortFunc(fn string) string {
	fn = strings.TrimPrefix(fn, testbin.ModulePath+"/")
	return fn
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
				v.Message += fmt.Sprintf("\n  at %s:%d in %s", file, f.Line, shortFunc(f.Func))
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
			return fmt.Sprintf("%s:%d in %s", file, f.Line, shortFunc(f.Func)), file, f.Line
		}
	}
	for _, f := range frames {
		if !strings.HasPrefix(f.Func, "runtime.") && !strings.HasPrefix(f.Func, "sync/atomic.") && !strings.HasPrefix(f.Func, "internal/") {
			return fmt.Sprintf("%s:%d in %s (the check's code)", strings.TrimPrefix(p.MapPaths(f.File), testbin.ModulePath+"/"), f.Line, shortFunc(f.Func)), "", 0
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
	for _, a := range accesses {
		where, file, line := p.raceWhere(a.frames)
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
	}
	v.Message = "data race: two goroutines used the same memory at the same time and at least one of them wrote to it, so the result depends on luck. Guard the shared data with a sync.Mutex (or use channels or sync/atomic).\n" + strings.Join(lines, "\n")
	if tm := testMessages(text); tm != "" && !strings.Contains(tm, "race detected during execution of test") {
		v.Message += "\nthe check also said:\n" + tm
	}
}

// SortedKinds returns the kinds as strings, sorted, for help texts.
func SortedKinds() []string {
	var s []string
	for _, k := range Kinds {
		s = append(s, string(k))
	}
	sort.Strings(s)
	return s
}
