package gradebook

import (
	"io"

	"github.com/goconcurrency/workbook/internal/results"
)

// ExercismOutputLimit is how much output Exercism's results.json keeps per test.
const ExercismOutputLimit = 500

// exercismTruncated ends output cut to ExercismOutputLimit, as the
// interface suggests.
const exercismTruncated = "\nOutput was truncated. Please limit to 500 chars"

// ExercismResult is Exercism's test runner results.json, version 3.
type ExercismResult struct {
	Version int            `json:"version"`
	Status  string         `json:"status"` // pass, fail or error
	Message string         `json:"message,omitempty"`
	Tests   []ExercismTest `json:"tests"`
}

// ExercismTest is one check.
type ExercismTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"` // pass, fail or error
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
	TestCode string `json:"test_code,omitempty"`
	TaskID   int    `json:"task_id,omitempty"`
}

// Exercism converts one submission's results: one test per check that
// learners may see (hidden checks are left out), its task_id the
// exercise's number (each exercise is one task), its message the
// diagnosis, its output only what the learner's code printed during the
// check (Check.Printed, capped at ExercismOutputLimit characters), never
// the test binary's log or goroutine trace. The status is error (with the
// message) when no check could run: the submission was not checked, or
// every check failed to compile or errored.
func Exercism(r results.Run, opts Options) ExercismResult {
	if opts.Command == "" {
		opts.Command = "checker"
	}
	r = learnerView(r)
	er := ExercismResult{Version: 3, Status: results.Pass, Tests: []ExercismTest{}}
	if r.Error != "" {
		er.Status, er.Message = results.Error, r.Error
		return er
	}
	ran, firstBroken := false, ""
	for _, e := range r.Exercises {
		for _, c := range e.Checks {
			t := ExercismTest{
				Name: e.ID + " " + e.Name + ": " + title(c), Status: c.Status,
				TestCode: rerun(opts.Command, e, c), TaskID: exerciseNumber(e.ID),
			}
			t.Output = capOutput(c.Printed)
			if c.Status != results.Pass {
				t.Message = diagnosis(c)
				er.Status = results.Fail
			}
			if c.Status == results.Pass || (c.Status == results.Fail && c.Kind != "compile") {
				ran = true
			} else if firstBroken == "" {
				firstBroken = c.Message
			}
			er.Tests = append(er.Tests, t)
		}
	}
	if !ran && len(er.Tests) > 0 {
		er.Status, er.Message = results.Error, firstBroken
	}
	return er
}

// capOutput keeps at most ExercismOutputLimit characters of s, saying so
// when it cuts.
func capOutput(s string) string {
	r := []rune(s)
	if len(r) <= ExercismOutputLimit {
		return s
	}
	keep := ExercismOutputLimit - len([]rune(exercismTruncated))
	return string(r[:keep]) + exercismTruncated
}

// WriteExercism writes Exercism's results.json: the object for one
// submission (Exercism runs one solution at a time); for several, a JSON
// array of them in submission order.
func WriteExercism(w io.Writer, gb *Gradebook, opts Options) error {
	if len(gb.Submissions) == 1 {
		return writeIndented(w, Exercism(gb.Submissions[0], opts))
	}
	list := []ExercismResult{}
	for _, r := range gb.Submissions {
		list = append(list, Exercism(r, opts))
	}
	return writeIndented(w, list)
}
