package gradebook

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteGradescope(t *testing.T) {
	// One submission: one object, as Gradescope reads it.
	var one bytes.Buffer
	gb := sample()
	if err := WriteGradescope(&one, New(gb.Submissions[1:2])); err != nil {
		t.Fatal(err)
	}
	var g GradescopeResult
	if err := json.Unmarshal(one.Bytes(), &g); err != nil {
		t.Fatalf("got JSON that is not one results object: %v\n%s", err, one.String())
	}
	if g.Score != 1 || g.Visibility != "visible" || g.ExtraData["submission"] != `bob, "the builder"` || g.ExecutionTime != 2 {
		t.Errorf("got score %v visibility %q extra %v time %d, want 1, visible, bob, 2", g.Score, g.Visibility, g.ExtraData, g.ExecutionTime)
	}
	cases := []struct {
		number, status string
		score, max     float64
		output         string
	}{
		{"1.1", "passed", 1, 1, ""},
		{"1.2", "failed", 0, 2, "two goroutines write total at once"},
		{"2.1", "failed", 0, 3, "syntax error"},
	}
	if len(g.Tests) != len(cases) {
		t.Fatalf("got %d tests, want %d", len(g.Tests), len(cases))
	}
	for i, c := range cases {
		got := g.Tests[i]
		if got.Number != c.number || got.Status != c.status || got.Score != c.score || got.MaxScore != c.max || got.Visibility != "visible" {
			t.Errorf("test %d: got %s %s %v/%v %s, want %s %s %v/%v visible", i, got.Number, got.Status, got.Score, got.MaxScore, got.Visibility, c.number, c.status, c.score, c.max)
		}
		if !strings.Contains(got.Output, c.output) {
			t.Errorf("test %d: got output %q, want it to contain %q", i, got.Output, c.output)
		}
	}
	// Several: an array, one per submission.
	var all bytes.Buffer
	if err := WriteGradescope(&all, gb); err != nil {
		t.Fatal(err)
	}
	var list []GradescopeResult
	if err := json.Unmarshal(all.Bytes(), &list); err != nil {
		t.Fatalf("got JSON that is not an array: %v", err)
	}
	if len(list) != 3 || list[0].Score != 6 || !strings.Contains(list[2].Output, "no such folder") {
		t.Errorf("got %+v, want alice 6 points first and carol's error last", list)
	}
}
