package gradebook

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestWriteGradescope(t *testing.T) {
	gb := class()
	var carol results.Run
	for _, r := range gb.Submissions {
		if r.Submission == "carol" {
			carol = r
		}
	}
	var one bytes.Buffer
	if err := WriteGradescope(&one, New(oneRun(carol))); err != nil {
		t.Fatal(err)
	}
	var g GradescopeResult
	if err := json.Unmarshal(one.Bytes(), &g); err != nil {
		t.Fatalf("got JSON that is not one results object: %v\n%s", err, one.String())
	}
	if g.Score != 7 || g.Visibility != "visible" || g.ExtraData["submission"] != "carol" || g.ExecutionTime != 12 || g.Output != "" {
		t.Errorf("got score %v visibility %q extra %v time %d output %q, want 7, visible, carol, 12, no output", g.Score, g.Visibility, g.ExtraData, g.ExecutionTime, g.Output)
	}
	cases := []struct {
		number, status string
		score, max     float64
		visibility     string
		output         string
	}{
		{"1.1", "passed", 1, 1, "visible", ""},
		{"1.2", "passed", 2, 2, "visible", ""},
		{"1.3", "failed", 0, 1, "visible", "panic: exercise-1: write Report"},
		{"2.1", "passed", 1, 1, "visible", ""},
		{"2.2", "passed", 2, 2, "visible", ""},
		{"2.3", "failed", 0, 1, "visible", "timed out"},
		{"2.4", "failed", 0, 1, "hidden", "deadlock: every goroutine is blocked"},
		{"2.5", "passed", 1, 1, "after_due_date", ""},
	}
	if len(g.Tests) != len(cases) {
		t.Fatalf("got %d tests, want %d", len(g.Tests), len(cases))
	}
	for i, c := range cases {
		got := g.Tests[i]
		if got.Number != c.number || got.Status != c.status || got.Score != c.score || got.MaxScore != c.max || got.Visibility != c.visibility {
			t.Errorf("test %d: got %s %s %v/%v %s, want %s %s %v/%v %s", i, got.Number, got.Status, got.Score, got.MaxScore, got.Visibility, c.number, c.status, c.score, c.max, c.visibility)
		}
		if !strings.Contains(got.Output, c.output) || (c.output == "") != (got.Output == "") {
			t.Errorf("test %d: got output %.80q, want it to contain %q", i, got.Output, c.output)
		}
	}
}

func TestWriteGradescopeOneSubmission(t *testing.T) {
	gb := class()
	cases := []struct {
		name    string
		gb      *Gradebook
		wantErr string
	}{
		{"one", New(gb.Submissions[:1]), ""},
		{"not checked", New(gb.Submissions[3:4]), ""},
		{"five", gb, "this gradebook has 5 submissions: grade one submission at a time"},
		{"none", New(nil), "this gradebook has 0 submissions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, "gradescope", c.gb, Options{})
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("got error %v, want one saying %q", err, c.wantErr)
			case c.wantErr != "" && buf.Len() > 0:
				t.Errorf("got output %q with the error, want none", buf.String())
			}
		})
	}
}

func TestGradescopeVisibility(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "visible"}, {"visible", "visible"}, {"hidden", "hidden"},
		{"after_due_date", "after_due_date"}, {"after_published", "after_published"}, {"hiden", "hidden"},
	}
	for _, c := range cases {
		if got := GradescopeVisibility(c.in); got != c.want {
			t.Errorf("GradescopeVisibility(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}
