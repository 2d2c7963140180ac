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
	Error      string     `json:"error,omitempty"`       // grading: why the submission could not be checked
	Notes      []string   `json:"notes,omitempty"`       // grading: files of the submission left out, and why
	DurationMS int64      `json:"duration_ms,omitempty"` // grading: how long the submission took to grade
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
	// Cause names the failure's cause in one line that is the same for every
	// submission that fails this check the same way (no line numbers, no
	// goroutine numbers): the class report groups failures by it.
	Cause string `json:"cause,omitempty"`
	// Evidence is what the failure looks like, for drawing it.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Evidence is the shape of a concurrency failure: the two accesses of a
// data race, the goroutines a deadlock or a stuck check left waiting, the
// order work ran in when it had to run side by side.
type Evidence struct {
	Race     *Race     `json:"race,omitempty"`
	Waits    []Wait    `json:"waits,omitempty"`
	Sequence *Sequence `json:"sequence,omitempty"`
}

// Race is a data race: two accesses to the same memory, at least one a
// write, that nothing orders.
type Race struct {
	Var      string   `json:"var,omitempty"` // the variable, where the source says it ("r.data")
	Accesses []Access `json:"accesses"`      // in the order they happened
	Advice   string   `json:"advice"`        // what would order them
}

// Access is one side of a data race.
type Access struct {
	Op        string `json:"op"`        // "read" or "write"
	Goroutine string `json:"goroutine"` // "goroutine 8"
	Func      string `json:"func,omitempty"`
	File      string `json:"file,omitempty"` // the learner's file, "" for the checks' own code
	Line      int    `json:"line,omitempty"`
	Code      string `json:"code,omitempty"` // the source line, trimmed
	// StartedAt is where its goroutine was started: "FILE:LINE in FUNC".
	StartedAt string `json:"started_at,omitempty"`
}

// Wait is one goroutine of the learner's code that waits for something
// that did not come.
type Wait struct {
	Goroutine string `json:"goroutine"`
	Func      string `json:"func"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Code      string `json:"code,omitempty"` // the source line, trimmed
	On        string `json:"on"`             // "a channel receive", "a Lock", "WaitGroup.Wait", "a pipe"
	// Because says who should have released it and did not, where the
	// source tells: "the Lock at resource.go:50 has no Unlock on the path
	// that returns at resource.go:52", "nothing closes out".
	Because string `json:"because,omitempty"`
}

// Sequence is work that ran one after another where it had to run side by
// side: of Expected pieces, Started had begun when the code first waited,
// at the learner's line Waits.
type Sequence struct {
	Started  int   `json:"started"`
	Expected int   `json:"expected"`
	Waits    *Wait `json:"waits,omitempty"`
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
