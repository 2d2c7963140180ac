package authoring

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/mutation"
	"github.com/goconcurrency/workbook/internal/patch"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
)

// EquivalentFile, in testdata/NAME, lists the mutants of the solution that
// an exercise accepts as surviving because they do not change behaviour:
// one per line, "ID  # why".
const EquivalentFile = "equivalent.txt"

// MutationReport is what mutation testing found for one exercise.
type MutationReport struct {
	Exercise  catalog.Exercise
	Made      int
	Killed    []Kill
	Survivors []Survivor // not killed, not accepted
	Accepted  []Survivor // not killed, accepted as equivalent
	Problems  []string   // the equivalents file names a mutant that is not made, or that is killed
}

// Kill is a mutant the checks caught: by the first check that failed.
type Kill struct {
	Mutant mutation.Mutant
	Check  string
	Kind   string
}

// Survivor is a mutant that passed every check.
type Survivor struct {
	Mutant mutation.Mutant
	Diff   string // the change, as a unified diff against the solution
	Why    string // for an accepted one, the equivalents file's reason
}

// Score is the share of mutants killed, of those not accepted as
// equivalent, in percent.
func (r *MutationReport) Score() float64 {
	n := r.Made - len(r.Accepted)
	if n == 0 {
		return 100
	}
	return 100 * float64(len(r.Killed)) / float64(n)
}

// OK reports whether every mutant was killed or accepted, and the
// equivalents file holds only equivalent survivors.
func (r *MutationReport) OK() bool { return len(r.Survivors) == 0 && len(r.Problems) == 0 }

// Mutate makes every mutant of e's solution (mutation.Operators, or the
// operators named in only) and checks them all, in one build, like
// submissions: each mutant is killed by a failing check, or survives.
func Mutate(ctx context.Context, cfg Config, e catalog.Exercise, only []string) (*MutationReport, error) {
	sol, _, err := target.Read(filepath.Join(cfg.Root, catalog.SolutionsDir, e.Name))
	if err != nil {
		return nil, err
	}
	ops := mutation.Operators
	if len(only) > 0 {
		if ops, err = mutation.Lookup(only...); err != nil {
			return nil, err
		}
	}
	mutants, err := mutation.Generate(sol, ops)
	if err != nil {
		return nil, fmt.Errorf("mutants of %s: %w", e.ID, err)
	}
	equivalent, err := readEquivalent(filepath.Join(cfg.Root, "testdata", e.Name, EquivalentFile))
	if err != nil {
		return nil, err
	}
	r := &MutationReport{Exercise: e, Made: len(mutants)}
	var jobs []checking.Job
	for i, m := range mutants {
		jobs = append(jobs, checking.Job{Exercise: e, Code: target.Code(m.Files), Display: "mutant " + m.ID,
			Variant: fmt.Sprintf("m%d", i), Count: 1, FirstFailure: true})
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s: %d mutants, in one build\n", e.ID, len(mutants))
	}
	ck := &checking.Checker{Catalog: cfg.Catalog, Options: cfg.Options}
	got, err := ck.Check(ctx, jobs)
	if err != nil {
		return nil, err
	}
	made := map[string]bool{}
	for i, m := range mutants {
		made[m.ID] = true
		if c, ok := firstFailure(got[i]); ok {
			r.Killed = append(r.Killed, Kill{Mutant: m, Check: c.Name, Kind: c.Kind})
			if _, accepted := equivalent[m.ID]; accepted {
				r.Problems = append(r.Problems, fmt.Sprintf("%s lists %s as equivalent, but check %s kills it (%s)", EquivalentFile, m.ID, c.Name, c.Kind))
			}
			continue
		}
		s := Survivor{Mutant: m, Diff: patch.Unified(sol, m.Files)}
		if why, accepted := equivalent[m.ID]; accepted {
			s.Why = why
			r.Accepted = append(r.Accepted, s)
		} else {
			r.Survivors = append(r.Survivors, s)
		}
	}
	for id := range equivalent {
		if !made[id] {
			r.Problems = append(r.Problems, fmt.Sprintf("%s lists %s, which is no mutant of the solution any more", EquivalentFile, id))
		}
	}
	return r, nil
}

// firstFailure is the first check of ex that did not pass.
func firstFailure(ex results.Exercise) (results.Check, bool) {
	for _, c := range ex.Checks {
		if c.Status != results.Pass {
			return c, true
		}
	}
	return results.Check{}, false
}

// readEquivalent reads an equivalents file: mutant ID to why it is
// accepted. A line without a reason is an error; a missing file is none.
func readEquivalent(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// A mutant's ID holds a '#' itself (op@file:line#n): the reason
		// starts at the first '#' after the ID's end.
		id, rest, _ := strings.Cut(line, " ")
		why := strings.TrimSpace(rest)
		if !strings.HasPrefix(why, "#") || strings.TrimSpace(strings.TrimPrefix(why, "#")) == "" {
			return nil, fmt.Errorf("%s:%d: say why %s is equivalent after a '#' (ID  # why)", path, n, id)
		}
		out[id] = strings.TrimSpace(strings.TrimPrefix(why, "#"))
	}
	return out, sc.Err()
}
