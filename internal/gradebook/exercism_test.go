package gradebook

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestExercism(t *testing.T) {
	gb := class()
	compileOnly := results.Run{Version: 1, Submission: "dan", Exercises: []results.Exercise{{ID: "exercise-2", Name: "resource",
		Checks: []results.Check{{Name: "get", Status: results.Fail, Kind: "compile", Message: "resource.go:3:1: syntax error"}}}}}
	flood := results.Run{Version: 1, Submission: "eve", Exercises: []results.Exercise{{ID: "exercise-1", Name: "sumthread",
		Checks: []results.Check{{Name: "sum", Status: results.Fail, Kind: "wrong", Message: "got 2, want 3", Output: "goroutine 1 [running]:", Printed: strings.Repeat("é", 2000)}}}}}
	cases := []struct {
		name     string
		run      results.Run
		status   string
		message  string
		tests    int
		firstMsg string
	}{
		{"all pass", gb.Submissions[0], "pass", "", 6, ""},
		{"some fail", gb.Submissions[1], "fail", "", 6, ""},
		{"not checked", gb.Submissions[3], "error", "could not copy dave/exercises: open dave/exercises/resource: permission denied", 0, ""},
		{"nothing compiles", compileOnly, "error", "resource.go:3:1: syntax error", 1, "compile: resource.go:3:1: syntax error"},
		{"output flood", flood, "fail", "", 1, "wrong: got 2, want 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			er := Exercism(c.run, Options{})
			if er.Version != 3 || er.Status != c.status || er.Message != c.message || len(er.Tests) != c.tests {
				t.Errorf("got version %d status %q message %q tests %d, want 3 %q %q %d", er.Version, er.Status, er.Message, len(er.Tests), c.status, c.message, c.tests)
			}
			for _, tc := range er.Tests {
				if n := utf8.RuneCountInString(tc.Output); n > ExercismOutputLimit {
					t.Errorf("test %s: got output of %d characters, want at most %d", tc.Name, n, ExercismOutputLimit)
				}
				if tc.TaskID < 1 || tc.TestCode == "" {
					t.Errorf("test %s: got task_id %d test_code %q, want both set", tc.Name, tc.TaskID, tc.TestCode)
				}
			}
			if c.firstMsg != "" && er.Tests[0].Message != c.firstMsg {
				t.Errorf("got first test message %q, want %q", er.Tests[0].Message, c.firstMsg)
			}
		})
	}
	er := Exercism(flood, Options{})
	if !strings.HasSuffix(er.Tests[0].Output, "Please limit to 500 chars") || !utf8.ValidString(er.Tests[0].Output) {
		t.Errorf("got capped output ending %q, want valid UTF-8 saying it was truncated", er.Tests[0].Output[len(er.Tests[0].Output)-40:])
	}
}

func TestWriteExercism(t *testing.T) {
	var one, all bytes.Buffer
	gb := class()
	if err := WriteExercism(&one, New(gb.Submissions[:1]), Options{}); err != nil {
		t.Fatal(err)
	}
	var obj ExercismResult
	if err := json.Unmarshal(one.Bytes(), &obj); err != nil || obj.Version != 3 {
		t.Errorf("got %v (version %d), want one results.json object of version 3", err, obj.Version)
	}
	if strings.Contains(one.String(), `"message"`) {
		t.Errorf("got a message key for a passing run, want it left out:\n%s", one.String())
	}
	if err := WriteExercism(&all, gb, Options{}); err != nil {
		t.Fatal(err)
	}
	var list []ExercismResult
	if err := json.Unmarshal(all.Bytes(), &list); err != nil || len(list) != 5 {
		t.Errorf("got %v and %d objects, want an array of 5", err, len(list))
	}
}

// Exercism shows learners what their code printed, never the test
// binary's trace, and nothing of a check they may not see.
func TestExercismLearnerFacing(t *testing.T) {
	gb := class()
	byName := map[string]ExercismResult{}
	for _, r := range gb.Submissions {
		byName[r.Submission] = Exercism(r, Options{})
	}
	carol := byName["carol"]
	cases := []struct {
		test, output string
	}{
		{"exercise-1 sumthread: Report writes the total once", "\x1b[1mtotal:\x1b[0m 10\n"},
		{"exercise-2 resource: Release never blocks", "releasing resource 1\n"},
		{"exercise-2 resource: Get gives a resource", ""},
	}
	for _, c := range cases {
		var found *ExercismTest
		for i := range carol.Tests {
			if carol.Tests[i].Name == c.test {
				found = &carol.Tests[i]
			}
		}
		if found == nil {
			t.Errorf("got no test %q, want one", c.test)
			continue
		}
		if !strings.HasPrefix(found.Output, c.output) || strings.Contains(found.Output, "goroutine") || utf8.RuneCountInString(found.Output) > ExercismOutputLimit {
			t.Errorf("test %q: got output %q, want what the code printed (%q…), at most %d characters", c.test, found.Output, c.output, ExercismOutputLimit)
		}
	}
	for name, er := range byName {
		for _, tc := range er.Tests {
			for _, hidden := range []string{"Holds up under a thousand goroutines", "Close waits for resources in use"} {
				if strings.Contains(tc.Name, hidden) {
					t.Errorf("%s: got hidden test %q, want it left out", name, tc.Name)
				}
			}
		}
	}
	if n := len(byName["alice"].Tests); n != 6 {
		t.Errorf("alice: got %d tests, want the 6 learners see", n)
	}
}
