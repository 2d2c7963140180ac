package gradebook

import (
	"io"

	"github.com/goconcurrency/workbook/internal/results"
)

// WriteJSON writes the gradebook as JSON: {"version": 1, "submissions":
// [one results.Run per submission, with "submission" set]}. Read reads it
// back, and merge joins several.
func WriteJSON(w io.Writer, gb *Gradebook) error {
	out := Gradebook{Version: gb.Version, Submissions: append([]results.Run{}, gb.Submissions...)}
	for i := range out.Submissions {
		if out.Submissions[i].Exercises == nil {
			out.Submissions[i].Exercises = []results.Exercise{}
		}
	}
	return results.WriteJSON(w, out)
}
