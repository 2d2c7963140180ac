package gradebook

import (
	"fmt"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// class is the golden files' sample: five submissions of a two-exercise
// workbook, with messages as the checker words them.
//
//   - alice passes every check.
//   - bob races in exercise-1 and does not compile exercise-2 (every check
//     of it fails the same way); one of his files was left out.
//   - carol panics in exercise-1 ("panic: exercise-1: write Report") after
//     printing (in bold, with terminal escapes), and times out in exercise-2 with a long goroutine dump in
//     the output and a flood of prints; she also fails a hidden check.
//   - dave could not be checked at all.
//   - erin gives a wrong value in exercise-1, and one of her checks
//     errored (the checker's fault, not hers); a file was left out.
//
// Each failure but bob's compile errors has its Cause (those are grouped
// as results without one are), and the races, deadlocks and time-outs
// their Evidence, as the checker gives them.
//
// Exercise-2 has a hidden check and one shown after the due date.
func class() *Gradebook {
	pass := func(c results.Check) results.Check {
		c.Status, c.Points = results.Pass, c.MaxPoints
		return c
	}
	fail := func(c results.Check, kind, file string, line int, msg string) results.Check {
		c.Status, c.Kind, c.File, c.Line, c.Message, c.Points = results.Fail, kind, file, line, msg, 0
		return c
	}
	ex := func(id, name string, checks ...results.Check) results.Exercise {
		e := results.Exercise{ID: id, Name: name, Checks: checks}
		e.Total()
		return e
	}
	run := func(sub string, exs ...results.Exercise) results.Run {
		r := results.Run{Version: results.Version, Target: "exercises", Submission: sub, Exercises: exs}
		r.Total()
		return r
	}

	// exercise-1 sumthread: 4 points.
	sum := results.Check{Name: "sum", Title: "Sum adds up every number", MaxPoints: 1, DurationMS: 310}
	runall := results.Check{Name: "runall-many", Title: "RunAll has no data race with many goroutines", MaxPoints: 2, DurationMS: 1240}
	report := results.Check{Name: "report", Title: "Report writes the total once", MaxPoints: 1, DurationMS: 405}
	// exercise-2 resource: 6 points, 2 of them in checks learners do not see.
	get := results.Check{Name: "get", Title: "Get gives a resource", MaxPoints: 1, DurationMS: 280}
	distinct := results.Check{Name: "distinct-values", Title: "Concurrent callers get distinct values", MaxPoints: 2, DurationMS: 930}
	release := results.Check{Name: "release", Title: "Release never blocks", MaxPoints: 1, DurationMS: 520}
	stress := results.Check{Name: "stress", Title: "Holds up under a thousand goroutines", MaxPoints: 1, DurationMS: 2210, Visibility: "hidden"}
	closing := results.Check{Name: "close-in-use", Title: "Close waits for resources in use", MaxPoints: 1, DurationMS: 640, Visibility: "after_due_date"}

	alice := run("alice",
		ex("exercise-1", "sumthread", pass(sum), pass(runall), pass(report)),
		ex("exercise-2", "resource", pass(get), pass(distinct), pass(release), pass(stress), pass(closing)))

	bobRace := fail(runall, "race", "bob/exercises/sumthread/sumthread.go", 17,
		"data race: two goroutines used the same memory at the same time and at least one of them wrote to it, so the result depends on luck. Guard the shared data with a sync.Mutex (or use channels or sync/atomic).\n"+
			"  write: bob/exercises/sumthread/sumthread.go:17 in sumthread.RunAll.func1\n"+
			"  previous write: bob/exercises/sumthread/sumthread.go:17 in sumthread.RunAll.func1")
	bobRace.Cause = "race: sumthread.go sumthread.RunAll.func1 vs sumthread.go sumthread.RunAll.func1 on finished"
	bobRace.Evidence = &results.Evidence{Race: &results.Race{Var: "finished",
		Advice: "nothing orders these two accesses: the same code runs in two goroutines at once. Hold one sync.Mutex around every use of finished (Lock before, Unlock after, on every path), or use sync/atomic for a single counter.",
		Accesses: []results.Access{
			{Op: "write", Goroutine: "goroutine 8", Func: "sumthread.RunAll.func1", File: "bob/exercises/sumthread/sumthread.go", Line: 17, Code: "finished++", StartedAt: "bob/exercises/sumthread/sumthread.go:14 in sumthread.RunAll"},
			{Op: "write", Goroutine: "goroutine 9", Func: "sumthread.RunAll.func1", File: "bob/exercises/sumthread/sumthread.go", Line: 17, Code: "finished++", StartedAt: "bob/exercises/sumthread/sumthread.go:14 in sumthread.RunAll"},
		}}}
	bobRace.Output = "==================\nWARNING: DATA RACE\nWrite at 0x00c000014118 by goroutine 9:\n" +
		"  sumthread.RunAll.func1()\n      bob/exercises/sumthread/sumthread.go:17 +0x84\n\n" +
		"Previous write at 0x00c000014118 by goroutine 8:\n  sumthread.RunAll.func1()\n      bob/exercises/sumthread/sumthread.go:17 +0x84\n" +
		"==================\n--- FAIL: TestRunAllMany (0.02s)\n    testing.go:1490: race detected during execution of test\nFAIL\n"
	compile := "the code does not compile:\nbob/exercises/resource/resource.go:23:2: undefined: mu\nbob/exercises/resource/resource.go:31:9: missing return"
	bobCompile := func(c results.Check) results.Check {
		c = fail(c, "compile", "bob/exercises/resource/resource.go", 23, compile)
		c.DurationMS = 0
		return c
	}
	bob := run("bob",
		ex("exercise-1", "sumthread", pass(sum), bobRace, pass(report)),
		ex("exercise-2", "resource", bobCompile(get), bobCompile(distinct), bobCompile(release), bobCompile(stress), bobCompile(closing)))
	bob.Notes = []string{"bob/exercises/sumthread/evil.go is a symbolic link: left out"}

	carolPanic := fail(report, "panic", "carol/exercises/sumthread/report.go", 12,
		"panic: exercise-1: write Report\n  at carol/exercises/sumthread/report.go:12 in sumthread.Report")
	carolPanic.Cause = "panic: exercise-N: write Report (report.go)"
	carolPanic.Printed = "\x1b[1mtotal:\x1b[0m 10\n"
	carolPanic.Output = "=== RUN   TestReportOnce\n\x1b[1mtotal:\x1b[0m 10\n--- FAIL: TestReportOnce (0.00s)\n" +
		"panic: exercise-1: write Report [recovered]\n\tpanic: exercise-1: write Report\n\n" +
		"goroutine 7 [running]:\ntesting.tRunner.func1.2({0x5a2f40, 0xc000012345})\n\t/usr/local/go/src/testing/testing.go:1734 +0x21c\n" +
		"sumthread.Report(...)\n\tcarol/exercises/sumthread/report.go:12 +0x5d\nFAIL\n"
	var dump strings.Builder
	dump.WriteString("panic: test timed out after 5s\n\trunning tests:\n\t\tTestRelease (5s)\n\n")
	for g := 1; g <= 40; g++ {
		fmt.Fprintf(&dump, "goroutine %d [chan send, 4 minutes]:\nresource.(*Pool).Release(0xc00001c0f0, 0x%x)\n\tcarol/exercises/resource/resource.go:31 +0x45\n"+
			"resource_test.TestRelease.func1()\n\tresource_test.go:22 +0x2f\ncreated by resource_test.TestRelease in goroutine 6\n\tresource_test.go:20 +0x8b\n\n", g, g)
	}
	carolTimeout := fail(release, "timeout", "carol/exercises/resource/resource.go", 31,
		"timed out: the check did not finish within 5s\nblocked in your code:\n  carol/exercises/resource/resource.go:31 in resource.(*Pool).Release chan send")
	releaseWait := results.Wait{Goroutine: "goroutine 1", Func: "resource.(*Pool).Release", File: "carol/exercises/resource/resource.go", Line: 31,
		Code: "p.free <- r", On: "a channel send"}
	carolTimeout.Cause = "timeout: resource.go resource.(*Pool).Release waits on a channel send"
	carolTimeout.Evidence = &results.Evidence{Waits: []results.Wait{releaseWait}}
	carolTimeout.Output = dump.String()
	var prints strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&prints, "releasing resource %d\n", i)
	}
	carolTimeout.Printed = prints.String()
	carolTimeout.DurationMS = 5000
	carolStress := fail(stress, "deadlock", "carol/exercises/resource/resource.go", 31,
		"deadlock: every goroutine is blocked and none can ever wake the others\nblocked in your code:\n  carol/exercises/resource/resource.go:31 in resource.(*Pool).Release chan send")
	carolStress.Cause = "deadlock: resource.go resource.(*Pool).Release waits on a channel send"
	carolStress.Evidence = &results.Evidence{Waits: []results.Wait{releaseWait}}
	carol := run("carol",
		ex("exercise-1", "sumthread", pass(sum), pass(runall), carolPanic),
		ex("exercise-2", "resource", pass(get), pass(distinct), carolTimeout, carolStress, pass(closing)))

	dave := results.Run{Version: results.Version, Target: "exercises", Submission: "dave",
		Error: "could not copy dave/exercises: open dave/exercises/resource: permission denied"}

	erinWrong := fail(sum, "wrong", "erin/exercises/sumthread/sumthread.go", 9,
		"Sum([]int{1, 2, 3}) mismatch (-want +got):\n  int(\n- \t6,\n+ \t5,\n  )\n  at erin/exercises/sumthread/sumthread.go:9")
	erinWrong.Cause = "wrong: Sum([]int{N, N, N}) mismatch (-want +got): (sumthread.go)"
	erinWrong.Printed = "adding 1\nadding 2\n"
	erinError := distinct
	erinError.Status, erinError.Kind = results.Error, "error"
	erinError.Message = "the check's tests were not found in its test binary: TestDistinctValues"
	erinError.Cause = "error: the check's tests were not found in its test binary: TestDistinctValues"
	erin := run("erin",
		ex("exercise-1", "sumthread", erinWrong, pass(runall), pass(report)),
		ex("exercise-2", "resource", pass(get), erinError, pass(release), pass(stress), pass(closing)))
	erin.Notes = []string{"erin/exercises/resource/generated.go is larger than 1 MiB: left out"}

	return New([]results.Run{erin, dave, carol, bob, alice})
}
