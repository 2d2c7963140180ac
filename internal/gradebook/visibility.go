package gradebook

import "github.com/goconcurrency/workbook/internal/results"

// visible reports whether learners may see a check: its Visibility is ""
// or "visible". Any other value ("hidden", "after_due_date", or one this
// package does not know) keeps it out of the learner-facing formats.
func visible(c results.Check) bool {
	return c.Visibility == "" || c.Visibility == "visible"
}

// learnerView is r as the learner-facing formats show it: without the
// checks learners may not see, without the exercises that had only such
// checks, its points and statuses recomputed from what is left.
func learnerView(r results.Run) results.Run {
	out := r
	out.Exercises = nil
	hid := false
	for _, e := range r.Exercises {
		var checks []results.Check
		for _, c := range e.Checks {
			if visible(c) {
				checks = append(checks, c)
			} else {
				hid = true
			}
		}
		if len(checks) == 0 && len(e.Checks) > 0 {
			continue
		}
		e.Checks = checks
		out.Exercises = append(out.Exercises, e)
	}
	if hid {
		out.Total()
	}
	return out
}

// learnerBook is gb as the learner-facing formats show it.
func learnerBook(gb *Gradebook) *Gradebook {
	out := *gb
	out.Submissions = make([]results.Run, len(gb.Submissions))
	for i, r := range gb.Submissions {
		out.Submissions[i] = learnerView(r)
	}
	return &out
}
