package gradebook

import (
	"io"

	"github.com/goconcurrency/workbook/internal/results"
)

// WriteJSON writes the gradebook as JSON: {"version": 1, "shard": {"k":
// K, "n": N}, "sandbox": "…", "submissions": [one results.Run per
// submission, with "submission" set]}, the shard left out for a whole
// class (1/1). Read reads it back, and MergeShards joins several.
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
	return results.WriteJSON(w, out)
}
