package gradebook

import (
	"io"

	"github.com/goconcurrency/workbook/internal/results"
)

// jsonBook is the json format: the gradebook, and its failures grouped
// by cause.
type jsonBook struct {
	Gradebook
	Groups []Group `json:"groups,omitempty"`
}

// WriteJSON writes the gradebook as JSON: {"version": 1, "shard": {"k":
// K, "n": N}, "sandbox": "…", "submissions": [one results.Run per
// submission, with "submission" set], "groups": [the failures by cause,
// most common first: Groups]}. The shard is left out for a whole class
// (1/1), the groups when nothing failed. Read reads it back, all but the
// groups, which are made from the submissions (Groups makes them again,
// of a merged class too), and MergeShards joins several.
func WriteJSON(w io.Writer, gb *Gradebook) error {
	out := Gradebook{Version: gb.Version, Shard: gb.Shard, Sandbox: gb.Sandbox, Submissions: append([]results.Run{}, gb.Submissions...)}
	if out.Shard != nil && *out.Shard == (Shard{1, 1}) {
		out.Shard = nil
	}
	for i := range out.Submissions {
		if out.Submissions[i].Exercises == nil {
			out.Submissions[i].Exercises = []results.Exercise{}
		}
	}
	return results.WriteJSON(w, jsonBook{Gradebook: out, Groups: Groups(&out)})
}
