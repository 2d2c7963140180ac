package gradebook

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestNewSortsAndPassed(t *testing.T) {
	gb := class()
	var got []string
	for _, r := range gb.Submissions {
		got = append(got, r.Submission)
	}
	want := []string{"alice", "bob", "carol", "dave", "erin"}
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
	err := Write(&buf, "yaml", class(), Options{})
	if err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("got error %v, want unknown format", err)
	}
	for _, f := range Formats {
		if !KnownFormat(f) {
			t.Errorf("got KnownFormat(%q) false, want true", f)
		}
		buf.Reset()
		gb := class()
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
