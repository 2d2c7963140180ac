package gradebook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestEscape(t *testing.T) {
	cases := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
		{"file: a, b", "file: a, b", "file%3A a%2C b"},
		{"%0A", "%250A", "%250A"},
	}
	for _, c := range cases {
		if got := EscapeData(c.in); got != c.data {
			t.Errorf("EscapeData(%q): got %q, want %q", c.in, got, c.data)
		}
		if got := EscapeProperty(c.in); got != c.prop {
			t.Errorf("EscapeProperty(%q): got %q, want %q", c.in, got, c.prop)
		}
	}
}

func TestAnnotation(t *testing.T) {
	cases := []struct {
		props map[string]string
		msg   string
		want  string
	}{
		{nil, "hi", "::error::hi\n"},
		{map[string]string{"title": "t: 1", "line": "17", "file": "a/b.go"}, "x\ny", "::error file=a/b.go,line=17,title=t%3A 1::x%0Ay\n"},
	}
	for _, c := range cases {
		if got := Annotation("error", c.props, c.msg); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestWriteGitHub(t *testing.T) {
	var out, summary bytes.Buffer
	if err := WriteGitHub(&out, class(), Options{StepSummary: &summary}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	want := []string{
		"::warning title=bob%3A file left out::bob/exercises/sumthread/evil.go is a symbolic link: left out",
		"::error file=bob/exercises/sumthread/sumthread.go,line=17,title=bob exercise-1 sumthread%3A RunAll has no data race with many goroutines::data race: two goroutines",
		"::error file=bob/exercises/resource/resource.go,line=23,title=bob exercise-2 resource%3A Get gives a resource::the code does not compile:%0Abob/exercises/resource/resource.go:23:2: undefined: mu%0Abob/exercises/resource/resource.go:31:9: missing return%0A(2 more failed checks in exercise-2: see the step summary)",
		"::error file=carol/exercises/sumthread/report.go,line=12,title=carol exercise-1 sumthread%3A Report writes the total once::panic: exercise-1: write Report%0A  at carol/exercises/sumthread/report.go:12 in sumthread.Report",
		"::error file=carol/exercises/resource/resource.go,line=31,title=carol exercise-2 resource%3A Release never blocks::timed out",
		"::error title=dave%3A not checked::could not copy dave/exercises: open dave/exercises/resource: permission denied",
	}
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: got\n%s\nwant it to start\n%s", i, lines[min(i, len(lines)-1)], w)
		}
	}
	md := summary.String()
	for _, w := range []string{
		"| submission | exercise-1 sumthread | exercise-2 resource | total |",
		"| ✅ alice | 4/4 | 4/4 | **8/8** |",
		"| ❌ dave | – | – | **0/8** not checked |",
		"| carol | exercise-1 sumthread | report | panic | carol/exercises/sumthread/report.go:12 | panic: exercise-1: write Report |",
		"| erin | exercise-1 sumthread | sum | wrong | erin/exercises/sumthread/sumthread.go:9 | Sum(\\[\\]int{1, 2, 3}) mismatch (-want +got): |",
		"- dave: could not copy dave/exercises",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("got summary:\n%s\nwant a line %q", md, w)
		}
	}
	// Hidden checks are nowhere: not their names, not their messages.
	for _, hidden := range []string{"stress", "Holds up", "close-in-use", "Close waits", "deadlock"} {
		if strings.Contains(out.String(), hidden) {
			t.Errorf("got %q in the github output, want hidden checks left out", hidden)
		}
	}
	if !strings.HasSuffix(out.String(), md) {
		t.Errorf("got stdout without the summary at its end")
	}
}

// bigClass is n learners who fail every check of seven exercises of four
// checks each, messages long.
func bigClass(n int) *Gradebook {
	var runs []results.Run
	for l := 0; l < n; l++ {
		r := results.Run{Version: results.Version, Submission: fmt.Sprintf("learner-%03d", l)}
		for x := 1; x <= 7; x++ {
			e := results.Exercise{ID: fmt.Sprintf("exercise-%d", x), Name: "name"}
			for c := 1; c <= 4; c++ {
				e.Checks = append(e.Checks, results.Check{Name: fmt.Sprintf("check-%d", c), Status: results.Fail, Kind: "wrong",
					File: fmt.Sprintf("learner-%03d/exercises/name/name.go", l), Line: c,
					Message: "got 2, want 3 " + strings.Repeat("and more ", 40), MaxPoints: 1})
			}
			e.Total()
			r.Exercises = append(r.Exercises, e)
		}
		r.Total()
		runs = append(runs, r)
	}
	return New(runs)
}

func TestWriteGitHubLimits(t *testing.T) {
	cases := []struct {
		learners    int
		annotations int
		notice      string
		listed      int
		leftOut     string
	}{
		{1, 7, "::21 more failed checks (of 28 failed checks in all) are listed in the step summary: annotations show one failure per learner and exercise, at most 10.", 28, ""},
		{8, 10, "::214 more failed checks (of 224 failed checks in all) are listed in the step summary", 224, ""},
		{400, 10, "::11190 more failed checks (of 11200 failed checks in all)", -1, "more failures are left out: a step summary holds at most 1 MiB"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.learners), func(t *testing.T) {
			var out, summary bytes.Buffer
			if err := WriteGitHub(&out, bigClass(c.learners), Options{StepSummary: &summary}); err != nil {
				t.Fatal(err)
			}
			annotations, notices := 0, []string{}
			for _, l := range strings.Split(out.String(), "\n") {
				switch {
				case strings.HasPrefix(l, "::error") || strings.HasPrefix(l, "::warning"):
					annotations++
				case strings.HasPrefix(l, "::notice"):
					notices = append(notices, l)
				}
			}
			if annotations != c.annotations {
				t.Errorf("got %d annotations, want %d", annotations, c.annotations)
			}
			switch {
			case c.notice == "" && len(notices) > 0:
				t.Errorf("got notices %q, want none", notices)
			case c.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], c.notice)):
				t.Errorf("got notices %q, want one saying %q", notices, c.notice)
			}
			listed := strings.Count(summary.String(), "| wrong |")
			if c.listed >= 0 && listed != c.listed {
				t.Errorf("got %d failures in the step summary, want every one (%d)", listed, c.listed)
			}
			if summary.Len() > GitHubSummaryLimit {
				t.Errorf("got a step summary of %d bytes, want at most %d", summary.Len(), GitHubSummaryLimit)
			}
			if c.leftOut != "" && !strings.Contains(summary.String(), c.leftOut) {
				t.Errorf("got a summary of %d bytes, %d failures, not saying %q", summary.Len(), listed, c.leftOut)
			}
		})
	}
}

func TestMdCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"alice", "alice"},
		{"got <nil>, want 3", `got \<nil\>, want 3`},
		{"a|b\nc", `a\|b c`},
		{"resource.(*Pool).Get_x [1]", `resource.(\*Pool).Get\_x \[1\]`},
	}
	for _, c := range cases {
		if got := mdCell(c.in); got != c.want {
			t.Errorf("mdCell(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}
