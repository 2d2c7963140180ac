// Package results is the model of a checking run (exercises, their checks,
// points) and its stable JSON form, shared by every output format.
package results

import (
	"encoding/json"
	"fmt"
	"io"
)

// Version is the JSON format's version.
const Version = 1

// Run is one target's results: a learner's workbook, the solutions, or one
// graded submission.
type Run struct {
	Version    int        `json:"version"`
	Target     string     `json:"target"`
	Submission string     `json:"submission,omitempty"` // grading: the submission's folder
	Exercises  []Exercise `json:"exercises"`
	Points     int        `json:"points"`
	MaxPoints  int        `json:"max_points"`
	Error      string     `json:"error,omitempty"` // grading: why the submission could not be checked
	Notes      []string   `json:"notes,omitempty"` // grading: files of the submission left out, and why
}

// Exercise is the results of one exercise.
type Exercise struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Status    string  `json:"status"` // pass, fail or error
	Points    int     `json:"points"`
	MaxPoints int     `json:"max_points"`
	Checks    []Check `json:"checks"`
}

// Check is the result of one check.
type Check struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Status  string `json:"status"` // pass, fail or error
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Output  string `json:"output,omitempty"`
	// Printed is what the code under check wrote to stdout/stderr during
	// the check, capped: the learner's own prints, never the test binary's
	// (no test log, no goroutine trace).
	Printed   string `json:"printed,omitempty"`
	Points    int    `json:"points"`
	MaxPoints int    `json:"max_points"`
	// Visibility says who may see the check: "" (everyone), "hidden"
	// (instructors only) or "after_due_date"; a check script sets it with
	// a "# visibility: hidden" line.
	Visibility string `json:"visibility,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// The statuses.
const (
	Pass  = "pass"
	Fail  = "fail"
	Error = "error"
)

// Total recomputes the points of the exercise from its checks, and its status.
func (e *Exercise) Total() {
	e.Points, e.MaxPoints = 0, 0
	e.Status = Pass
	for _, c := range e.Checks {
		e.Points += c.Points
		e.MaxPoints += c.MaxPoints
		switch {
		case c.Status == Error && e.Status == Pass:
			e.Status = Error
		case c.Status == Fail:
			e.Status = Fail
		}
	}
}

// Total recomputes the run's points from its exercises.
func (r *Run) Total() {
	r.Points, r.MaxPoints = 0, 0
	for i := range r.Exercises {
		r.Exercises[i].Total()
		r.Points += r.Exercises[i].Points
		r.MaxPoints += r.Exercises[i].MaxPoints
	}
}

// Passed reports whether every check of the run passed.
func (r *Run) Passed() bool {
	if r.Error != "" {
		return false
	}
	for _, e := range r.Exercises {
		if e.Status != Pass {
			return false
		}
	}
	return true
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
