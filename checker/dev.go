package main

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// dev runs the authoring commands: `dev check [exercise…]`.
func (s *session) dev(args []string) error {
	if len(args) > 0 && args[0] == "export" {
		return s.devExport(args[1:])
	}
	if len(args) > 0 && args[0] == "mutate" {
		return s.devMutate(args[1:])
	}
	if len(args) == 0 || args[0] != "check" {
		return usagef("usage: checker dev check [exercise-N…] | checker dev mutate [exercise-N…] | checker dev export exercise-N DIR")
	}
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	list, err := s.exercisesNamed(args[1:])
	if err != nil {
		return err
	}
	if !s.o.set["jobs"] {
		// Most of an authoring run's processes wait (for a deadlock to be
		// seen, for a time limit): more of them at once than CPUs.
		opts.Jobs = make(chan struct{}, 4*runtime.NumCPU())
	}
	wrongRuns := 1
	if s.o.count == 1 {
		opts.Count = 5 // the default for authoring: a flaky check shows up in five runs
	} else {
		wrongRuns = s.o.count // -count N: every known-wrong fails as declared N times over
	}
	reports, err := authoring.CheckAll(s.ctx, authoring.Config{
		Root: root, Catalog: s.cat, Options: opts, Progress: progressWriter(s), WrongRuns: wrongRuns,
	}, list)
	if err != nil {
		return err
	}
	bad := 0
	for _, r := range reports {
		mark := s.printer.Green("✓")
		if !r.OK() {
			mark = s.printer.Red("✗")
			bad++
		}
		fmt.Fprintf(s.stdout, "%s %s %s\n", mark, r.Exercise.ID, r.Exercise.Name)
		for _, p := range r.Problems {
			fmt.Fprintf(s.stdout, "    problem: %s\n", p)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(s.stdout, "    %s\n", n)
		}
	}
	if bad > 0 {
		fmt.Fprintf(s.stdout, "\n%d of %d exercises have problems\n", bad, len(reports))
		return errChecksFailed
	}
	return nil
}

// devMutate runs mutation testing on the exercises named (all by
// default): every concurrency mutant of each solution is checked like a
// submission; a survivor that the exercise does not accept as equivalent
// fails the command. -run names operators.
func (s *session) devMutate(args []string) error {
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	list, err := s.exercisesNamed(args)
	if err != nil {
		return err
	}
	cfg := authoring.Config{Root: root, Catalog: s.cat, Options: opts, Progress: progressWriter(s)}
	var ops []string
	if s.o.run != nil {
		ops = strings.Split(s.o.run.String(), "|")
		opts.Run = nil // -run names operators here, not checks
	}
	bad := 0
	var reports []*authoring.MutationReport
	for _, e := range list {
		r, err := authoring.Mutate(s.ctx, cfg, e, ops)
		if err != nil {
			return err
		}
		reports = append(reports, r)
		if !r.OK() {
			bad++
		}
		if !s.o.json {
			s.printMutation(r)
		}
	}
	if s.o.json {
		if err := results.WriteJSON(s.stdout, mutationJSON(reports)); err != nil {
			return err
		}
	}
	if bad > 0 {
		return errChecksFailed
	}
	return nil
}

// printMutation prints one exercise's mutation report: the figures, every
// survivor with its diff, and with -v every kill.
func (s *session) printMutation(r *authoring.MutationReport) {
	mark := s.printer.Green("✓")
	if !r.OK() {
		mark = s.printer.Red("✗")
	}
	fmt.Fprintf(s.stdout, "%s %s %s: %d mutants, %d killed, %d accepted as equivalent, %d survived (score %.0f%%)\n",
		mark, r.Exercise.ID, r.Exercise.Name, r.Made, len(r.Killed), len(r.Accepted), len(r.Survivors), r.Score())
	for _, p := range r.Problems {
		fmt.Fprintf(s.stdout, "    problem: %s\n", p)
	}
	for _, sv := range r.Survivors {
		fmt.Fprintf(s.stdout, "\n  survived: %s\n    %s\n", sv.Mutant.ID, sv.Mutant.Description)
		for _, line := range strings.Split(strings.TrimRight(sv.Diff, "\n"), "\n") {
			fmt.Fprintf(s.stdout, "    %s\n", line)
		}
	}
	if s.o.verbose {
		for _, k := range r.Killed {
			fmt.Fprintf(s.stdout, "  killed %s by %s (%s): %s\n", k.Mutant.ID, k.Check, k.Kind, k.Mutant.Description)
		}
		for _, a := range r.Accepted {
			fmt.Fprintf(s.stdout, "  accepted %s: %s\n", a.Mutant.ID, a.Why)
		}
	}
	if len(r.Survivors) > 0 {
		fmt.Fprintln(s.stdout)
	}
}

// mutationJSON is the reports' JSON form.
func mutationJSON(reports []*authoring.MutationReport) any {
	type kill struct {
		ID, Operator, Description, Check, Kind string
	}
	type survivor struct {
		ID, Operator, Description, Diff, Why string
	}
	type exercise struct {
		ID        string     `json:"id"`
		Name      string     `json:"name"`
		Made      int        `json:"made"`
		Score     float64    `json:"score"`
		Killed    []kill     `json:"killed"`
		Survivors []survivor `json:"survivors"`
		Accepted  []survivor `json:"accepted"`
		Problems  []string   `json:"problems,omitempty"`
	}
	var out []exercise
	for _, r := range reports {
		e := exercise{ID: r.Exercise.ID, Name: r.Exercise.Name, Made: r.Made, Score: r.Score(), Killed: []kill{}, Survivors: []survivor{}, Accepted: []survivor{}, Problems: r.Problems}
		for _, k := range r.Killed {
			e.Killed = append(e.Killed, kill{k.Mutant.ID, k.Mutant.Operator, k.Mutant.Description, k.Check, k.Kind})
		}
		for _, sv := range r.Survivors {
			e.Survivors = append(e.Survivors, survivor{sv.Mutant.ID, sv.Mutant.Operator, sv.Mutant.Description, sv.Diff, ""})
		}
		for _, a := range r.Accepted {
			e.Accepted = append(e.Accepted, survivor{a.Mutant.ID, a.Mutant.Operator, a.Mutant.Description, a.Diff, a.Why})
		}
		out = append(out, e)
	}
	return out
}

// exercisesNamed resolves exercise arguments; none means every exercise.
func (s *session) exercisesNamed(args []string) ([]catalog.Exercise, error) {
	if len(args) == 0 {
		return s.cat.Exercises, nil
	}
	var list []catalog.Exercise
	for _, a := range args {
		e, err := s.cat.Lookup(a)
		if err != nil {
			return nil, usagef("%v", err)
		}
		list = append(list, e)
	}
	return list, nil
}

// progressWriter is where -v sends authoring progress.
func progressWriter(s *session) io.Writer {
	if s.o.verbose {
		return s.stderr
	}
	return nil
}

// devExport writes the module a check build compiles (the code, every
// check's test code, the kit) into an empty DIR, so that a bare
// `go test ./run` there runs the same test code: bench/ compares the checker
// with that.
func (s *session) devExport(args []string) error {
	if len(args) != 2 {
		return usagef("usage: checker dev export exercise-N DIR")
	}
	e, err := s.cat.Lookup(args[0])
	if err != nil {
		return usagef("%v", err)
	}
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	list, err := s.cat.Scripts(e)
	if err != nil {
		return err
	}
	kit, err := s.cat.Kit(e)
	if err != nil {
		return err
	}
	tree := catalog.ExercisesDir
	if s.o.solutions {
		tree = catalog.SolutionsDir
	}
	code, _, err := target.Read(filepath.Join(root, tree, e.Name))
	if err != nil {
		return err
	}
	u := &testbin.Unit{Package: e.Name, Code: code, Shared: kit, Checks: map[string]map[string][]byte{}, Tests: map[string][]string{}}
	for _, sc := range list {
		u.Order = append(u.Order, sc.Name)
		u.Checks[sc.Name] = sc.Files()
		u.Tests[sc.Name] = sc.Tests
	}
	return testbin.WriteModule(args[1], workbook.GoSum, []*testbin.Unit{u})
}
