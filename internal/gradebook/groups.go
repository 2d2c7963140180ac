package gradebook

import (
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/textreport"
)

// Group is one way a class failed: the checks of one exercise that failed
// for one cause, and every submission that failed them that way. The text
// report's class summary, the json format's "groups" and the html class
// report all list the same groups, from Groups.
//
// One bug often fails several checks, and checks whose messages say what
// they saw in their own words give it several causes ("Child sent 10
// values … but never closed out", "after sending the 4 squares … Child
// did not close out"). So causes that the very same submissions have, in
// the same exercise and of the same kind, are one group: Causes lists
// them all, and Cause is the one to show (whose failure can be drawn, or
// that fails the most checks).
type Group struct {
	Exercise     string `json:"exercise"`      // the exercise's id
	ExerciseName string `json:"exercise_name"` // and its name
	// Kind is the diagnosis kind of the group's first failure (race,
	// deadlock, wrong, …; "error" when the checker failed).
	Kind string `json:"kind"`
	// Cause is the one line that keys the group: the check's Cause, as
	// the checker words it ("race: resource.go resource.(*Resource).Data
	// vs resource.go resource.(*Resource).DoSomething on r.data"), or,
	// for results of a checker that set none, failureKey's line.
	Cause string `json:"cause"`
	// Causes are every cause of the group, Cause first, when it has more
	// than one.
	Causes []string `json:"causes,omitempty"`
	// Checks are the checks that failed this way, in the order the
	// exercise lists them.
	Checks []GroupCheck `json:"checks"`
	// Submissions are the submissions that failed this way, each once,
	// in the gradebook's order.
	Submissions []string `json:"submissions"`
	// Example is one failure of the group to show: the first submission
	// whose failure has evidence to draw, or else the first.
	Example Example `json:"example"`
}

// GroupCheck is one check of a group.
type GroupCheck struct {
	Name       string `json:"name"`
	Title      string `json:"title,omitempty"`
	Visibility string `json:"visibility,omitempty"` // as results.Check's: "" for every learner
}

// Example names one failure of a group: a submission and its check.
type Example struct {
	Submission string `json:"submission"`
	Check      string `json:"check"`
}

// causeOf is what groups a failed check: its Cause, or failureKey for
// results without one.
func causeOf(c results.Check) string {
	if c.Cause != "" {
		return c.Cause
	}
	return failureKey(c)
}

// Groups groups the failed and errored checks of gb's checked
// submissions by exercise and cause (causeOf), then joins the groups of
// one exercise and kind that have the very same submissions (see Group);
// most common first: the groups with the most submissions, then by
// exercise number, then by cause. A submission that could not be checked
// at all (results.Run.Error) is in no group: the reports say so per
// submission.
func Groups(gb *Gradebook) []Group {
	groups, drawn := causes(gb)
	groups = join(groups, drawn)
	order := checkOrder(gb)
	for i := range groups {
		o := order[groups[i].Exercise]
		sort.SliceStable(groups[i].Checks, func(a, b int) bool {
			return o[groups[i].Checks[a].Name] < o[groups[i].Checks[b].Name]
		})
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if len(a.Submissions) != len(b.Submissions) {
			return len(a.Submissions) > len(b.Submissions)
		}
		if na, nb := exerciseNumber(a.Exercise), exerciseNumber(b.Exercise); na != nb {
			return na < nb
		}
		if a.Exercise != b.Exercise {
			return a.Exercise < b.Exercise
		}
		return a.Cause < b.Cause
	})
	return groups
}

// join joins the groups of one exercise and kind that have the same
// submissions, in the order of the first of each; drawn says which
// groups' examples have a drawing.
func join(groups []Group, drawn []bool) []Group {
	at := map[string]int{}
	var out []Group
	var parts [][]int
	for i, g := range groups {
		k := g.Exercise + "\x00" + g.Kind + "\x00" + strings.Join(g.Submissions, "\x00")
		j, ok := at[k]
		if !ok {
			j = len(out)
			at[k] = j
			out = append(out, g)
			parts = append(parts, nil)
		}
		parts[j] = append(parts[j], i)
	}
	for j, ps := range parts {
		if len(ps) == 1 {
			continue
		}
		// The cause to show: one that draws, then the one of most checks,
		// then the first.
		best := ps[0]
		for _, i := range ps[1:] {
			switch {
			case drawn[i] && !drawn[best]:
				best = i
			case drawn[i] == drawn[best] && len(groups[i].Checks) > len(groups[best].Checks):
				best = i
			}
		}
		g := groups[best]
		g.Causes = []string{g.Cause}
		g.Checks = append([]GroupCheck(nil), g.Checks...)
		for _, i := range ps {
			if i == best {
				continue
			}
			g.Causes = append(g.Causes, groups[i].Cause)
			for _, c := range groups[i].Checks {
				if !hasCheck(g.Checks, c.Name) {
					g.Checks = append(g.Checks, c)
				}
			}
		}
		out[j] = g
	}
	return out
}

// causes groups the failures of gb by exercise and cause, in the order
// they come; drawn says which groups' examples have a drawing.
func causes(gb *Gradebook) ([]Group, []bool) {
	type key struct{ exercise, cause string }
	at := map[key]int{}
	var groups []Group
	var drawn []bool // the groups whose example has a drawing
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		if r.Error != "" {
			continue
		}
		for _, e := range r.Exercises {
			for _, c := range e.Checks {
				if c.Status == results.Pass {
					continue
				}
				k := key{e.ID, causeOf(c)}
				g, ok := at[k]
				if !ok {
					g = len(groups)
					at[k] = g
					kind := c.Kind
					if kind == "" {
						kind = c.Status
					}
					groups = append(groups, Group{Exercise: e.ID, ExerciseName: e.Name, Kind: kind, Cause: k.cause})
					drawn = append(drawn, false)
				}
				grp := &groups[g]
				if n := len(grp.Submissions); n == 0 || grp.Submissions[n-1] != r.Submission {
					grp.Submissions = append(grp.Submissions, r.Submission)
				}
				if !hasCheck(grp.Checks, c.Name) {
					grp.Checks = append(grp.Checks, GroupCheck{Name: c.Name, Title: c.Title, Visibility: c.Visibility})
				}
				switch {
				case grp.Example.Submission == "":
					grp.Example = Example{r.Submission, c.Name}
					drawn[g] = textreport.Drawing(c.Evidence) != nil
				case !drawn[g] && textreport.Drawing(c.Evidence) != nil:
					grp.Example = Example{r.Submission, c.Name}
					drawn[g] = true
				}
			}
		}
	}
	return groups, drawn
}

// sayCause is a cause as the reports show it: its kind said once. A
// cause opens with its kind ("race: …"), and the checker's first line
// of a message may say it again ("panic: panic: …", "compile: the code
// does not compile: …"): then the first is dropped.
func sayCause(cause string) string {
	kind, rest, ok := strings.Cut(cause, ": ")
	if ok && !strings.ContainsAny(kind, " \t") && namesKind(kind, rest) {
		return rest
	}
	return cause
}

// hasCheck reports whether checks has one named name.
func hasCheck(checks []GroupCheck, name string) bool {
	for _, c := range checks {
		if c.Name == name {
			return true
		}
	}
	return false
}

// checkOrder is, per exercise id, the position of each check name in the
// first submission that has it.
func checkOrder(gb *Gradebook) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, r := range gb.Submissions {
		for _, e := range r.Exercises {
			o := out[e.ID]
			if o == nil {
				o = map[string]int{}
				out[e.ID] = o
			}
			for _, c := range e.Checks {
				if _, ok := o[c.Name]; !ok {
					o[c.Name] = len(o)
				}
			}
		}
	}
	return out
}

// exampleCheck is the check a group's example names, and its exercise.
func exampleCheck(gb *Gradebook, g Group) (*results.Exercise, *results.Check, bool) {
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		if r.Submission != g.Example.Submission {
			continue
		}
		e, ok := find(r, g.Exercise)
		if !ok {
			return nil, nil, false
		}
		for j := range e.Checks {
			if e.Checks[j].Name == g.Example.Check {
				return e, &e.Checks[j], true
			}
		}
	}
	return nil, nil, false
}
