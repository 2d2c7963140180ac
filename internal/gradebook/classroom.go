package gradebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"github.com/goconcurrency/workbook/internal/results"
)

// ClassroomResult is the result a GitHub Classroom autograding grader
// action hands to the grading reporter
// (github-education-resources/autograding-grading-reporter).
type ClassroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"` // pass, fail or error
	MaxScore int             `json:"max_score"`
	Tests    []ClassroomTest `json:"tests"`
}

// ClassroomTest is one check.
type ClassroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"` // pass, fail or error
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"` // milliseconds
}

// Classroom converts one submission's results to the reporter's form.
func Classroom(r results.Run, opts Options) ClassroomResult {
	if opts.Command == "" {
		opts.Command = "checker"
	}
	cr := ClassroomResult{Version: 1, Status: results.Pass, MaxScore: r.MaxPoints, Tests: []ClassroomTest{}}
	if r.Error != "" {
		cr.Status = results.Error
		cr.Tests = append(cr.Tests, ClassroomTest{Name: "grade", Status: results.Error, Message: r.Error})
		return cr
	}
	for _, e := range r.Exercises {
		for _, c := range e.Checks {
			t := ClassroomTest{
				Name: fmt.Sprintf("%s %s: %s", e.ID, e.Name, title(c)), Status: c.Status,
				Score: c.Points, TestCode: rerun(opts.Command, e, c), Filename: c.File, LineNo: c.Line,
				Duration: c.DurationMS,
			}
			if c.Status != results.Pass {
				t.Message = evidence(c)
				cr.Status = results.Fail
			}
			cr.Tests = append(cr.Tests, t)
		}
	}
	return cr
}

// WriteClassroom writes, for each submission, one line: the base64 of the
// compact JSON of its ClassroomResult. That is what the reporter reads (a
// grader step's `result` output, passed to it as the env variable
// <RUNNER>_RESULTS), so a workflow step can do
//
//	echo "result=$(checker grade -format classroom .)" >> "$GITHUB_OUTPUT"
func WriteClassroom(w io.Writer, gb *Gradebook, opts Options) error {
	for _, r := range gb.Submissions {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(Classroom(r, opts)); err != nil {
			return err
		}
		line := base64.StdEncoding.EncodeToString(bytes.TrimRight(buf.Bytes(), "\n"))
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
