package gradebook

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

// sample is a class of three: one passes everything, one fails a check of
// exercise-1 with a race at their line and does not compile exercise-2, one
// could not be checked.
func sample() *Gradebook {
	pass := func(name string, pts int) results.Check {
		return results.Check{Name: name, Title: "Title of " + name, Status: results.Pass, Points: pts, MaxPoints: pts, DurationMS: 120}
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
	alice := run("alice",
		ex("exercise-1", "sumthread", pass("sum", 1), pass("runall-many", 2)),
		ex("exercise-2", "resource", pass("get", 3)))
	race := results.Check{
		Name: "runall-many", Title: "RunAll has no data race", Status: results.Fail, Kind: "race",
		Message: "two goroutines write total at once\n  at bob/exercises/sumthread/sumthread.go:17",
		File:    "bob/exercises/sumthread/sumthread.go", Line: 17,
		Output: "WARNING: DATA RACE <&> 100%, done", MaxPoints: 2, DurationMS: 1500,
	}
	compile := results.Check{
		Name: "get", Title: "Get gives a resource", Status: results.Fail, Kind: "compile",
		Message: "bob/exercises/resource/resource.go:3:1: syntax error", File: "bob/exercises/resource/resource.go", Line: 3,
		MaxPoints: 3,
	}
	bob := run("bob, \"the builder\"",
		ex("exercise-1", "sumthread", pass("sum", 1), race),
		ex("exercise-2", "resource", compile))
	bob.Notes = []string{"bob/exercises/sumthread/evil.go is a symbolic link: left out"}
	carol := results.Run{Version: results.Version, Target: "exercises", Submission: "carol", Error: "carol: no such folder"}
	return New([]results.Run{carol, bob, alice})
}

func TestNewSortsAndPassed(t *testing.T) {
	gb := sample()
	var got []string
	for _, r := range gb.Submissions {
		got = append(got, r.Submission)
	}
	want := []string{"alice", "bob, \"the builder\"", "carol"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got order %q, want %q", got, want)
	}
	if gb.Passed() {
		t.Errorf("got Passed() true for a class with failures, want false")
	}
	if !New(gb.Submissions[:1]).Passed() {
		t.Errorf("got Passed() false for alice alone, want true")
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "yaml", sample(), Options{})
	if err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("got error %v, want unknown format", err)
	}
	for _, f := range Formats {
		if !KnownFormat(f) {
			t.Errorf("got KnownFormat(%q) false, want true", f)
		}
		buf.Reset()
		gb := sample()
		if f == "gradescope" {
			gb = New(gb.Submissions[:1])
		}
		if err := Write(&buf, f, gb, Options{}); err != nil {
			t.Errorf("Write %s: got error %v, want none", f, err)
		}
		if buf.Len() == 0 {
			t.Errorf("Write %s: got no output", f)
		}
	}
}

func TestColumns(t *testing.T) {
	gb := New([]results.Run{
		{Submission: "a", Exercises: []results.Exercise{{ID: "exercise-10", Name: "ten"}, {ID: "exercise-2", Name: "two"}}},
		{Submission: "b", Exercises: []results.Exercise{{ID: "exercise-1", Name: "one"}}},
	})
	var got []string
	for _, c := range columns(gb) {
		got = append(got, c.ID)
	}
	if want := "exercise-1 exercise-2 exercise-10"; strings.Join(got, " ") != want {
		t.Errorf("got columns %q, want %q", strings.Join(got, " "), want)
	}
}
