package gradebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

// decodeClassroom reads WriteClassroom's lines back.
func decodeClassroom(t *testing.T, out string) []ClassroomResult {
	t.Helper()
	var got []ClassroomResult
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if len(l) > ClassroomLimit {
			t.Errorf("line %d: got %d bytes of base64, want at most %d", i, len(l), ClassroomLimit)
		}
		data, err := base64.StdEncoding.DecodeString(l)
		if err != nil {
			t.Fatalf("line %d: got no base64: %v", i, err)
		}
		var r ClassroomResult
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("line %d: got no JSON: %v", i, err)
		}
		got = append(got, r)
	}
	return got
}

// reporterTotals are the reporter's two sums of a result: what it records
// (the tests' scores) and what it prints (the share of tests passed times
// max_score), both times the number of tests so as to stay whole.
func reporterTotals(r ClassroomResult) (recorded, printed int) {
	passed, score := 0, 0
	for _, t := range r.Tests {
		score += t.Score
		if t.Status == "pass" {
			passed++
		}
	}
	return score * len(r.Tests), passed * r.MaxScore
}

func TestWriteClassroom(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteClassroom(&buf, class(), Options{Command: "checker"}); err != nil {
		t.Fatal(err)
	}
	got := decodeClassroom(t, buf.String())
	cases := []struct {
		name         string
		status       string
		max, score   int
		tests        int
		hasFirstTest string
	}{
		{"alice", "pass", 8, 8, 8, "exercise-1 sumthread: Sum adds up every number"},
		{"bob", "fail", 8, 2, 8, "exercise-1 sumthread: Sum adds up every number"},
		{"carol", "fail", 8, 6, 8, ""},
		{"dave", "error", 8, 0, 1, "not checked"},
		{"erin", "fail", 8, 5, 8, ""},
	}
	if len(got) != len(cases) {
		t.Fatalf("got %d results, want %d", len(got), len(cases))
	}
	for i, c := range cases {
		r := got[i]
		score := 0
		for _, tc := range r.Tests {
			score += tc.Score
			if strings.Contains(tc.Name, "Holds up") || strings.Contains(tc.Name, "Close waits") {
				t.Errorf("%s: got hidden test %q, want it left out", c.name, tc.Name)
			}
			if len(tc.Message) > 400 || strings.Contains(tc.Message, "goroutine 1 [") {
				t.Errorf("%s: got message %.100q… of %d bytes, want a short one without output", c.name, tc.Message, len(tc.Message))
			}
		}
		if r.Version != 1 || r.Status != c.status || r.MaxScore != c.max || score != c.score || len(r.Tests) != c.tests {
			t.Errorf("%s: got version %d status %s max %d score %d tests %d, want 1 %s %d %d %d", c.name, r.Version, r.Status, r.MaxScore, score, len(r.Tests), c.status, c.max, c.score, c.tests)
		}
		if c.hasFirstTest != "" && r.Tests[0].Name != c.hasFirstTest {
			t.Errorf("%s: got first test %q, want %q", c.name, r.Tests[0].Name, c.hasFirstTest)
		}
		if recorded, printed := reporterTotals(r); recorded != printed {
			t.Errorf("%s: the reporter would record %d/%d but print %d/%d (times %d tests), want them equal", c.name, recorded, r.MaxScore, printed, r.MaxScore, len(r.Tests))
		}
	}
	// bob's race: a check worth 2 of 1-point units is two tests.
	bob := got[1]
	race := bob.Tests[1]
	want := ClassroomTest{
		Name: "exercise-1 sumthread: RunAll has no data race with many goroutines [part 1 of 2]", Status: "fail",
		Message:  "data race: two goroutines used the same memory at the same time and at least one of them wrote to it, so the result depends on luck. Guard the shared data with a sync.Mutex (or use channels or sync/atomic).\nwrite: bob/exercises/sumthread/sumthread.go:17 in sumthread.RunAll.func1",
		TestCode: "go run ./checker -run '^runall-many$' exercise-1", Filename: "bob/exercises/sumthread/sumthread.go", LineNo: 17, Duration: 1240,
	}
	if race != want {
		t.Errorf("got bob's race\n%+v\nwant\n%+v", race, want)
	}
	if second := bob.Tests[2]; second.Name != strings.Replace(want.Name, "part 1", "part 2", 1) || second.Duration != 0 || second.Status != "fail" {
		t.Errorf("got bob's second race test %+v, want part 2 of 2, failing, no duration", second)
	}
	// erin's errored check: the reporter prints only its message.
	for _, tc := range got[4].Tests {
		if tc.Status == "error" && !strings.HasPrefix(tc.Message, tc.Name+": error: the check's tests were not found") {
			t.Errorf("got erroring test message %q, want it to start with the test's name and say what went wrong", tc.Message)
		}
	}
}

func TestClassroomNotChecked(t *testing.T) {
	dave := class().Submissions[3]
	cases := []struct {
		name string
		gb   *Gradebook
		opts Options
		max  int
	}{
		{"the class", class(), Options{}, 8},
		{"alone, max given", New(oneRun(dave)), Options{MaxPoints: 23}, 23},
		{"alone, no max", New(oneRun(dave)), Options{}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteClassroom(&buf, c.gb, c.opts); err != nil {
				t.Fatal(err)
			}
			var r ClassroomResult
			for _, x := range decodeClassroom(t, buf.String()) {
				if x.Status == "error" {
					r = x
				}
			}
			if r.MaxScore != c.max || len(r.Tests) != 1 || r.Tests[0].Score != 0 || !strings.Contains(r.Tests[0].Message, "permission denied") {
				t.Errorf("got %+v, want max_score %d and one erroring test of score 0 saying why", r, c.max)
			}
		})
	}
}

// A class whose every check fails with all the output it may keep, and a
// long message, still fits the reporter's environment variable.
func TestClassroomFits(t *testing.T) {
	long := strings.Repeat("a line of the diagnosis that goes on and on, ", 20)
	var checks []results.Check
	for i := 0; i < 70; i++ {
		status := results.Fail
		if i%10 == 0 {
			status = results.Error
		}
		checks = append(checks, results.Check{
			Name: fmt.Sprintf("check-%02d", i), Title: "A title " + strings.Repeat("that is long ", 10), Status: status, Kind: "wrong",
			Message: strings.Repeat(long+"\n", 50), Output: strings.Repeat("x", 64<<10), Printed: strings.Repeat("y", 64<<10),
			File: "exercises/resource/" + strings.Repeat("deep/", 20) + "resource.go", Line: 12, MaxPoints: 1,
		})
	}
	e := results.Exercise{ID: "exercise-3", Name: "resource", Checks: checks}
	e.Total()
	r := results.Run{Version: results.Version, Submission: "flood", Exercises: []results.Exercise{e}}
	r.Total()
	var buf bytes.Buffer
	if err := WriteClassroom(&buf, New(oneRun(r)), Options{}); err != nil {
		t.Fatalf("got error %v, want the result cut to fit", err)
	}
	got := decodeClassroom(t, buf.String())
	if n := len(got[0].Tests); n != 70 || got[0].MaxScore != 70 {
		t.Errorf("got %d tests out of %d, want 70 out of 70", n, got[0].MaxScore)
	}
	for _, tc := range got[0].Tests {
		if tc.Status == "error" && tc.Message == "" {
			t.Errorf("got erroring test %q without a message, want one: it is all the reporter prints", tc.Name)
		}
	}

	// Past any cutting: thousands of points' worth of tests is an error.
	var many []results.Check
	for i := 0; i < 5000; i++ {
		many = append(many, results.Check{Name: fmt.Sprintf("c%d", i), Status: results.Error, Kind: "error", Message: long, MaxPoints: 1})
	}
	e = results.Exercise{ID: "exercise-1", Name: "x", Checks: many}
	e.Total()
	r = results.Run{Version: results.Version, Submission: "huge", Exercises: []results.Exercise{e}}
	r.Total()
	buf.Reset()
	err := WriteClassroom(&buf, New(oneRun(r)), Options{})
	if err == nil || !strings.Contains(err.Error(), "takes over 65536 bytes of base64") || buf.Len() > 0 {
		t.Errorf("got error %v and %d bytes, want an error saying the result cannot fit, and nothing written", err, buf.Len())
	}
}

func TestClassroomUnits(t *testing.T) {
	check := func(name string, pts, max int) results.Check {
		status := results.Pass
		if pts < max {
			status = results.Fail
		}
		return results.Check{Name: name, Status: status, Kind: "wrong", Points: pts, MaxPoints: max}
	}
	cases := []struct {
		name   string
		checks []results.Check
		tests  int
		score  int
		max    int
	}{
		{"all 1", []results.Check{check("a", 1, 1), check("b", 0, 1)}, 2, 1, 2},
		{"2 and 4", []results.Check{check("a", 2, 2), check("b", 0, 4)}, 3, 2, 6},
		{"1 and 3", []results.Check{check("a", 0, 1), check("b", 3, 3)}, 4, 3, 4},
		{"a free check", []results.Check{check("a", 0, 0), check("b", 3, 3)}, 1, 3, 3},
		{"nothing to earn", []results.Check{check("a", 0, 0)}, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := results.Exercise{ID: "exercise-1", Name: "x", Checks: c.checks}
			e.Total()
			r := results.Run{Version: results.Version, Submission: "s", Exercises: []results.Exercise{e}}
			r.Total()
			cr, err := Classroom(r, Options{})
			if err != nil {
				t.Fatal(err)
			}
			score := 0
			for _, tc := range cr.Tests {
				score += tc.Score
			}
			if len(cr.Tests) != c.tests || score != c.score || cr.MaxScore != c.max {
				t.Errorf("got %d tests, score %d of %d, want %d tests, %d of %d", len(cr.Tests), score, cr.MaxScore, c.tests, c.score, c.max)
			}
			if recorded, printed := reporterTotals(cr); recorded != printed {
				t.Errorf("the reporter would record %d but print %d (times %d tests), want them equal", recorded, printed, len(cr.Tests))
			}
		})
	}
}
