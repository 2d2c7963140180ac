package main

import (
	"fmt"
	"io"
	"path/filepath"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// dev runs the authoring commands: `dev check [exercise…]`.
func (s *session) dev(args []string) error {
	if len(args) > 0 && args[0] == "export" {
		return s.devExport(args[1:])
	}
	if len(args) == 0 || args[0] != "check" {
		return usagef("usage: checker dev check [exercise-N…] | checker dev export exercise-N DIR")
	}
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	list := s.cat.Exercises
	if len(args) > 1 {
		list = nil
		for _, a := range args[1:] {
			e, err := s.cat.Lookup(a)
			if err != nil {
				return usagef("%v", err)
			}
			list = append(list, e)
		}
	}
	if s.o.count == 1 {
		opts.Count = 5 // the default for authoring: a flaky check shows up in five runs
	}
	reports, err := authoring.CheckAll(s.ctx, authoring.Config{
		Root: root, Catalog: s.cat, Options: opts, Progress: progressWriter(s),
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
