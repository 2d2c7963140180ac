package gradebook

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/goconcurrency/workbook/internal/results"
)

// GradescopeResult is Gradescope's results.json for one submission.
type GradescopeResult struct {
	Score         float64           `json:"score"`
	ExecutionTime int64             `json:"execution_time"` // seconds
	Output        string            `json:"output,omitempty"`
	Visibility    string            `json:"visibility"`
	ExtraData     map[string]string `json:"extra_data,omitempty"`
	Tests         []GradescopeTest  `json:"tests"`
}

// GradescopeTest is one check in Gradescope's results.json.
type GradescopeTest struct {
	Name       string  `json:"name"`
	Number     string  `json:"number"`
	Score      float64 `json:"score"`
	MaxScore   float64 `json:"max_score"`
	Status     string  `json:"status"` // passed or failed
	Output     string  `json:"output,omitempty"`
	Visibility string  `json:"visibility"`
}

// Gradescope converts one submission's results to Gradescope's form: one
// test per check, named "exercise-N name: title", numbered "N.M", with its
// points as score and max_score. extra_data.submission names the submission.
func Gradescope(r results.Run) GradescopeResult {
	g := GradescopeResult{
		Score: float64(r.Points), Visibility: "visible",
		ExtraData: map[string]string{"submission": r.Submission},
		Output:    fmt.Sprintf("%d of %d points", r.Points, r.MaxPoints),
		Tests:     []GradescopeTest{},
	}
	if r.Error != "" {
		g.Output = "Not checked: " + r.Error
	}
	for _, n := range r.Notes {
		g.Output += "\n" + n
	}
	var ms int64
	for _, e := range r.Exercises {
		for j, c := range e.Checks {
			ms += c.DurationMS
			t := GradescopeTest{
				Name:     fmt.Sprintf("%s %s: %s", e.ID, e.Name, title(c)),
				Number:   fmt.Sprintf("%d.%d", exerciseNumber(e.ID), j+1),
				Score:    float64(c.Points),
				MaxScore: float64(c.MaxPoints), Status: "failed", Visibility: "visible",
			}
			if c.Status == results.Pass {
				t.Status = "passed"
			} else {
				t.Output = evidence(c)
			}
			g.Tests = append(g.Tests, t)
		}
	}
	g.ExecutionTime = int64(math.Ceil(float64(ms) / 1000))
	return g
}

// WriteGradescope writes Gradescope's results.json: the object itself for
// one submission (Gradescope grades one per run); for several, a JSON array
// of such objects, in submission order, each naming its submission in
// extra_data.submission.
func WriteGradescope(w io.Writer, gb *Gradebook) error {
	var v any
	if len(gb.Submissions) == 1 {
		v = Gradescope(gb.Submissions[0])
	} else {
		list := []GradescopeResult{}
		for _, r := range gb.Submissions {
			list = append(list, Gradescope(r))
		}
		v = list
	}
	return writeIndented(w, v)
}

// writeIndented writes v as indented JSON, without escaping <, > and &.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
