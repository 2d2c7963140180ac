package gradebook

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

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
// test per check, hidden ones included, named "exercise-N name: title",
// numbered "N.M", with its points as score and max_score and its
// visibility as Gradescope spells it (GradescopeVisibility). The score is
// every check's points. The top-level output says only why the submission
// could not be checked and which files were left out: never points, which
// would tell a student about hidden checks. extra_data.submission names
// the submission.
func Gradescope(r results.Run) GradescopeResult {
	g := GradescopeResult{
		Score: float64(r.Points), Visibility: "visible",
		ExtraData: map[string]string{"submission": r.Submission},
		Tests:     []GradescopeTest{},
	}
	var out []string
	if r.Error != "" {
		out = append(out, "Not checked: "+r.Error)
	}
	out = append(out, r.Notes...)
	g.Output = strings.Join(out, "\n")
	var ms int64
	for _, e := range r.Exercises {
		for j, c := range e.Checks {
			ms += c.DurationMS
			t := GradescopeTest{
				Name:     fmt.Sprintf("%s %s: %s", e.ID, e.Name, title(c)),
				Number:   fmt.Sprintf("%d.%d", exerciseNumber(e.ID), j+1),
				Score:    float64(c.Points),
				MaxScore: float64(c.MaxPoints), Status: "failed", Visibility: GradescopeVisibility(c.Visibility),
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

// GradescopeVisibility is a check's Visibility as Gradescope spells a
// test's: "" is "visible"; "hidden", "after_due_date", "after_published"
// and "visible" are kept; any other value is "hidden", so that a check
// whose visibility is misspelt is not shown.
func GradescopeVisibility(v string) string {
	switch v {
	case "":
		return "visible"
	case "visible", "hidden", "after_due_date", "after_published":
		return v
	}
	return "hidden"
}

// WriteGradescope writes Gradescope's results.json for the one submission
// of gb: Gradescope runs the autograder once per submission and reads one
// object. A gradebook of any other number of submissions is an error.
func WriteGradescope(w io.Writer, gb *Gradebook) error {
	if n := len(gb.Submissions); n != 1 {
		return fmt.Errorf("gradescope reads one results.json per submission, and this gradebook has %d submissions: grade one submission at a time (checker grade -format gradescope DIR)", n)
	}
	return writeIndented(w, Gradescope(gb.Submissions[0]))
}

// writeIndented writes v as indented JSON, without escaping <, > and &.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
