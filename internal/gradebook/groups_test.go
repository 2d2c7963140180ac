package gradebook

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestGroups(t *testing.T) {
	race := "race: resource.go resource.(*Resource).Data vs resource.go resource.(*Resource).DoSomething on r.data"
	drawn := &results.Evidence{Race: &results.Race{Var: "r.data", Advice: "hold a lock", Accesses: []results.Access{
		{Op: "write", Goroutine: "goroutine 7", Func: "resource.(*Resource).DoSomething", File: "c/resource.go", Line: 28, Code: "r.data++"},
		{Op: "read", Goroutine: "goroutine 8", Func: "resource.(*Resource).Data", File: "c/resource.go", Line: 40, Code: "return r.data"}}}}
	fail := func(name, cause string, ev *results.Evidence) results.Check {
		kind, _, _ := strings.Cut(cause, ":")
		return results.Check{Name: name, Title: "the " + name, Status: results.Fail, Kind: kind, Cause: cause, Evidence: ev, MaxPoints: 1}
	}
	pass := func(name string) results.Check {
		return results.Check{Name: name, Status: results.Pass, Points: 1, MaxPoints: 1}
	}
	run := func(sub string, exs ...results.Exercise) results.Run {
		r := results.Run{Version: results.Version, Submission: sub, Exercises: exs}
		r.Total()
		return r
	}
	res := func(checks ...results.Check) results.Exercise {
		return results.Exercise{ID: "exercise-3", Name: "resource", Checks: checks}
	}
	hidden := fail("stress", race, nil)
	hidden.Visibility = "hidden"
	// An older checker's failure: no Cause, grouped by failureKey.
	old := results.Check{Name: "sum", Status: results.Fail, Kind: "wrong", File: "d/sum.go", Line: 3, Message: "got 2, want 3", MaxPoints: 1}
	gb := New([]results.Run{
		// a fails the race in two checks: one submission of the group.
		run("a", res(fail("distinct", race, nil), pass("data-after"), fail("data", race, nil))),
		run("b", res(pass("distinct"), pass("data-after"), pass("data"))),
		// c's race has evidence: the example.
		run("c", res(fail("distinct", race, drawn), pass("data-after"), pass("data"), hidden)),
		run("d", results.Exercise{ID: "exercise-1", Name: "sumthread", Checks: []results.Check{old}},
			res(fail("distinct", "deadlock: resource.go (*Resource).DoSomething waits on a Lock", nil), pass("data-after"), pass("data"))),
		run("e", results.Exercise{ID: "exercise-1", Name: "sumthread", Checks: []results.Check{old}}),
		{Version: results.Version, Submission: "f", Error: "not a folder"},
		// g and h fail two checks with one bug, each worded its own way:
		// one group of two causes.
		run("g", res(fail("distinct", "wrong: got N values, want N distinct", nil), fail("data-after", "wrong: Data() = N, want N", nil), pass("data"))),
		run("h", res(fail("distinct", "wrong: got N values, want N distinct", nil), fail("data-after", "wrong: Data() = N, want N", nil), pass("data"))),
	})
	got := Groups(gb)
	// Two submissions each: exercise-1 first, then by cause.
	want := []Group{
		{Exercise: "exercise-1", ExerciseName: "sumthread", Kind: "wrong", Cause: "wrong at sum.go",
			Checks: []GroupCheck{{"sum", "", ""}}, Submissions: []string{"d", "e"}, Example: Example{"d", "sum"}},
		{Exercise: "exercise-3", ExerciseName: "resource", Kind: "race", Cause: race,
			Checks:      []GroupCheck{{"distinct", "the distinct", ""}, {"data", "the data", ""}, {"stress", "the stress", "hidden"}},
			Submissions: []string{"a", "c"}, Example: Example{"c", "distinct"}},
		{Exercise: "exercise-3", ExerciseName: "resource", Kind: "wrong", Cause: "wrong: got N values, want N distinct",
			Causes:      []string{"wrong: got N values, want N distinct", "wrong: Data() = N, want N"},
			Checks:      []GroupCheck{{"distinct", "the distinct", ""}, {"data-after", "the data-after", ""}},
			Submissions: []string{"g", "h"}, Example: Example{"g", "distinct"}},
		{Exercise: "exercise-3", ExerciseName: "resource", Kind: "deadlock", Cause: "deadlock: resource.go (*Resource).DoSomething waits on a Lock",
			Checks: []GroupCheck{{"distinct", "the distinct", ""}}, Submissions: []string{"d"}, Example: Example{"d", "distinct"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Groups mismatch (-want +got):\n%s", diff)
	}

	// The json format carries them, Read takes them (and JSON without
	// them), and they are made again from the submissions.
	var buf bytes.Buffer
	if err := WriteJSON(&buf, gb); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Groups []Group `json:"groups"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, raw.Groups); diff != "" {
		t.Errorf("the json's groups mismatch (-want +got):\n%s", diff)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read: got error %v, want none", err)
	}
	if diff := cmp.Diff(want, Groups(back)); diff != "" {
		t.Errorf("Groups of the gradebook read back mismatch (-want +got):\n%s", diff)
	}
	buf.Reset()
	if err := WriteJSON(&buf, New(gb.Submissions[1:2])); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"groups"`) {
		t.Errorf("got groups in the json of a class that passed, want none:\n%s", buf.String())
	}
}

func TestSayCause(t *testing.T) {
	cases := []struct{ in, want string }{
		{"panic: panic: exercise-N: write Report (report.go)", "panic: exercise-N: write Report (report.go)"},
		{"compile: the code does not compile: (resource.go)", "the code does not compile: (resource.go)"},
		{"timeout: timed out: the check did not finish within Ns", "timed out: the check did not finish within Ns"},
		{"race: resource.go resource.(*Resource).Data vs resource.go resource.(*Resource).DoSomething on r.data", "race: resource.go resource.(*Resource).Data vs resource.go resource.(*Resource).DoSomething on r.data"},
		{"deadlock: squarequeue.go squarequeue.Parent waits on a channel receive", "deadlock: squarequeue.go squarequeue.Parent waits on a channel receive"},
		{"wrong: Sum(-N): mismatch (-want +got):", "wrong: Sum(-N): mismatch (-want +got):"},
		{"race at x.go x.F.func1", "race at x.go x.F.func1"},
	}
	for _, c := range cases {
		if got := sayCause(c.in); got != c.want {
			t.Errorf("sayCause(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}
