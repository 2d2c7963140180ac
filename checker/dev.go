package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/scripts"
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
	tc, err := s.toolchain()
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
	count := s.o.count
	if count == 1 {
		count = 5 // the default for authoring: a flaky check shows up in five runs
	}
	reports, err := authoring.CheckAll(s.ctx, authoring.Config{
		Root: root, Catalog: s.cat, Go: tc, GoSum: workbook.GoSum, Count: count,
		Jobs: make(chan struct{}, s.o.jobs), Timeout: s.o.timeout,
		StrictStub: os.Getenv("CI") != "", Progress: progressWriter(s),
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

// devExport writes the module a check build compiles (target, all the
// checks' test files, the kit) into an empty DIR, so that a bare `go test`
// can run the same test code: bench/ compares the checker with that.
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
	tests, err := scripts.TestFiles(list)
	if err != nil {
		return err
	}
	tree := catalog.ExercisesDir
	if s.o.solutions {
		tree = catalog.SolutionsDir
	}
	if err := os.MkdirAll(args[1], 0o755); err != nil {
		return err
	}
	return testbin.WriteModule(testbin.BuildConfig{
		Package: e.Name, TargetDir: filepath.Join(root, tree, e.Name), TestFiles: tests,
		Dir: args[1], GoSum: workbook.GoSum,
	})
}
