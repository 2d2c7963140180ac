package gradebook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, class()); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	lines := strings.Split(text, "\n")
	// Each wanted line, as its words, in this order.
	want := [][]string{
		{"submission", "exercise-1", "exercise-2", "total"},
		{"alice", "4/4", "6/6", "10/10"},
		{"dave", "-", "-", "0/10", "not checked"},
		{"class:", "5", "submissions,", "4", "checked"},
		{"exercise-1", "sumthread", "3.0/4", "1", "of", "4", "(25%)"},
		{"exercise-2", "resource", "3.5/6", "1", "of", "4", "(25%)"},
		{"failures", "by", "cause,", "most", "common", "first"},
		{"1", "exercise-1", "panic:", "exercise-N:", "write", "Report", "(report.go)"},
		{"carol"}, {"check", "report"},
		{"1", "exercise-1", "race:", "sumthread.go", "sumthread.RunAll.func1", "vs"},
		{"bob"}, {"check", "runall-many"},
		{"1", "exercise-2", "compile", "at", "resource.go"},
		{"bob"}, {"checks", "get,", "distinct-values,", "release,", "stress", "(hidden),", "close-in-use", "(after", "due", "date)"},
		{"bob:", "2/10"},
		{"exercise-1", "runall-many", "sumthread.go:17", "data", "race:"},
		{"exercise-2", "distinct-values", "resource.go:23", "(the", "same", "as", "get)"},
		{"exercise-2", "close-in-use", "(after", "due", "date)", "resource.go:23", "(the", "same", "as", "get)"},
		{"note:", "bob/exercises/sumthread/evil.go", "is", "a", "symbolic", "link:", "left", "out"},
		{"exercise-1", "report", "report.go:12", "panic:", "exercise-1:", "write", "Report"},
		{"exercise-2", "stress", "(hidden)", "resource.go:31", "deadlock:"},
		{"dave:", "not", "checked:", "could", "not", "copy"},
		{"exercise-2", "distinct-values", "-", "error:", "the", "check's"},
	}
	at := 0
	for _, w := range want {
		found := false
		for ; at < len(lines) && !found; at++ {
			found = strings.HasPrefix(strings.Join(strings.Fields(lines[at]), " "), strings.Join(w, " "))
		}
		if !found {
			t.Errorf("got no line %q after the ones before it in:\n%s", strings.Join(w, " "), text)
			at = 0
		}
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > TextWidth {
			t.Errorf("line %d: got %d columns, want at most %d: %q", i+1, n, TextWidth, l)
		}
	}
	if strings.Contains(text, "alice:") {
		t.Errorf("got a section for alice, who passed everything:\n%s", text)
	}
}

func TestClipLine(t *testing.T) {
	long := strings.Repeat("é", TextWidth+5)
	cases := []struct{ in, want string }{
		{"short\n", "short\n"},
		{strings.Repeat("x", TextWidth) + "\n", strings.Repeat("x", TextWidth) + "\n"},
		{long + "\n", strings.Repeat("é", TextWidth-1) + "…\n"},
		{long, strings.Repeat("é", TextWidth-1) + "…"},
	}
	for _, c := range cases {
		if got := clipLine(c.in); got != c.want {
			t.Errorf("clipLine(%.20q…): got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFailureKey(t *testing.T) {
	cases := []struct {
		c    results.Check
		want string
	}{
		{results.Check{Status: results.Fail, Kind: "race", File: "a/x.go", Line: 7, Message: "data race: …\n  write: a/x.go:7 in x.F.func1"}, "race at x.go x.F.func1"},
		{results.Check{Status: results.Fail, Kind: "compile", File: "a/x.go", Line: 3, Message: "the code does not compile:\na/x.go:3:1: syntax error"}, "compile at x.go"},
		{results.Check{Status: results.Fail, Kind: "wrong", Message: "got 2, want 3\nmore"}, "wrong: got 2, want 3"},
		{results.Check{Status: results.Error, Message: "the machine\tfailed"}, "the machine failed"},
	}
	for _, c := range cases {
		if got := failureKey(c.c); got != c.want {
			t.Errorf("failureKey(%.30q): got %q, want %q", c.c.Message, got, c.want)
		}
	}
}

// A class of many exercises still fits: the table's columns are headed
// ex-N.
func TestWriteTextManyExercises(t *testing.T) {
	var exs []results.Exercise
	for i := 1; i <= 7; i++ {
		e := results.Exercise{ID: "exercise-" + string(rune('0'+i)), Name: "name", Checks: []results.Check{{Name: "c", Status: results.Pass, Points: 10, MaxPoints: 10}}}
		exs = append(exs, e)
	}
	r := results.Run{Version: results.Version, Submission: "sumthread-alice-1234", Exercises: exs}
	r.Total()
	var buf bytes.Buffer
	if err := WriteText(&buf, New(oneRun(r))); err != nil {
		t.Fatal(err)
	}
	head := strings.Fields(strings.SplitN(buf.String(), "\n", 2)[0])
	if len(head) != 9 || head[1] != "ex-1" || head[7] != "ex-7" || head[8] != "total" {
		t.Errorf("got header %q, want submission ex-1 … ex-7 total", head)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if n := utf8.RuneCountInString(l); strings.HasSuffix(l, "…") || n > TextWidth {
			t.Errorf("got line %q of %d columns, want every line whole, at most %d", l, n, TextWidth)
		}
	}
}

// The class summary lists the first TopGroups causes, the most common
// first, then how many more; a group's submissions are cut to fit, saying
// how many more there are.
func TestWriteTextTopCauses(t *testing.T) {
	var runs []results.Run
	for i := range 40 {
		var checks []results.Check
		for j := range TopGroups + 2 {
			if j > i%(TopGroups+2) {
				continue // cause j is shared by the submissions past j
			}
			checks = append(checks, results.Check{Name: fmt.Sprintf("c%d", j), Status: results.Fail, Kind: "race", MaxPoints: 1,
				Cause: fmt.Sprintf("race: x.go F%02d vs x.go G", j)})
		}
		checks = append(checks, results.Check{Name: "ok", Status: results.Pass, Points: 1, MaxPoints: 1})
		e := results.Exercise{ID: "exercise-1", Name: "x", Checks: checks}
		r := results.Run{Version: results.Version, Submission: fmt.Sprintf("learner-with-a-long-name-%02d", i), Exercises: []results.Exercise{e}}
		r.Total()
		runs = append(runs, r)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, New(runs)); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	_, summary, _ := strings.Cut(text, "failures by cause")
	summary, _, _ = strings.Cut(summary, "\n\n")
	lines := strings.Split(summary, "\n")
	if !strings.Contains(lines[1], "40  exercise-1  race: x.go F00 vs x.go G") {
		t.Errorf("got first cause %q, want F00 of all 40", lines[1])
	}
	if !strings.HasPrefix(lines[2], "       learner-with-a-long-name-00, ") || !strings.HasSuffix(lines[2], "more") {
		t.Errorf("got submissions line %q, want as many names as fit, then how many more", lines[2])
	}
	if last := lines[len(lines)-1]; last != "  … and 2 more causes (-format html or json lists every one)" {
		t.Errorf("got last line %q, want the 2 causes left out counted", last)
	}
	if n := strings.Count(summary, "exercise-1  race:"); n != TopGroups {
		t.Errorf("got %d causes, want %d", n, TopGroups)
	}
	for _, l := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(l); n > TextWidth || strings.HasSuffix(l, "…") {
			t.Errorf("got line %q of %d columns, want it whole within %d", l, n, TextWidth)
		}
	}
}
