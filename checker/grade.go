package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/gradebook"
	"github.com/goconcurrency/workbook/internal/grading"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/sandbox"
)

// grade grades submissions, each DIR a learner's copy of the workbook, and
// writes the gradebook in each report asked for (-format, -o).
func (s *session) grade(args []string) error {
	if len(args) == 0 {
		return usagef("usage: checker grade [-format F] [-o FILE]… [-shard K/N] DIR…")
	}
	reports, err := s.reports()
	if err != nil {
		return err
	}
	shard, err := grading.ParseShard(s.o.shard)
	if err != nil {
		return usagef("%v", err)
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	opts.Building = nil // grading says a line per submission, no learner notice
	if err := s.validateHiddenChecks(); err != nil {
		return err
	}
	subs := grading.Slice(grading.Submissions(args), shard)
	done := 0
	runs, err := grading.Grade(s.ctx, grading.Config{
		Catalog: s.cat, Options: opts, Exercises: s.cat.Exercises, Parallel: s.o.jobs,
		Done: func(r results.Run) {
			done++
			fmt.Fprintf(s.stderr, "graded %s (%d of %d): %s\n", r.Submission, done, len(subs), gradeLine(r))
		},
	}, subs)
	if err != nil {
		return err
	}
	gb := gradebook.New(runs)
	if shard.N > 1 {
		gb.Shard = &gradebook.Shard{K: shard.K, N: shard.N}
	}
	gb.Sandbox = sandboxLine(opts.Sandbox)
	if err := s.writeReports(reports, gb); err != nil {
		return err
	}
	if !gb.Passed() {
		return errChecksFailed
	}
	return nil
}

// sandboxLine says how isolated the learners' code ran, for the report.
func sandboxLine(mode sandbox.Mode) string {
	if mode == sandbox.Off {
		return "sandbox: off (-sandbox off): learner code ran with the grader's rights"
	}
	st := sandbox.Probe()
	if err := st.Err(); err != nil {
		return st.String() + " (not the whole sandbox: " + err.Error() + ")"
	}
	return st.String()
}

// gradeLine is one submission's result in a progress line.
func gradeLine(r results.Run) string {
	if r.Error != "" {
		return "not checked: " + r.Error
	}
	return fmt.Sprintf("%d/%d points in %.1fs", r.Points, r.MaxPoints, float64(r.DurationMS)/1000)
}

// merge joins the JSON gradebooks of grade shards into one and writes it
// in each report asked for. It fails on a submission graded twice or a
// version mismatch, and warns when the shards do not cover the class.
func (s *session) merge(args []string) error {
	if len(args) == 0 {
		return usagef("usage: checker merge [-format F] [-o FILE]… FILE…")
	}
	reports, err := s.reports()
	if err != nil {
		return err
	}
	var books []*gradebook.Gradebook
	for _, name := range args {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		gb, err := gradebook.Read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("merge %s: %w", name, err)
		}
		books = append(books, gb)
	}
	gb, warnings, err := gradebook.MergeShards(books, args)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	for _, w := range warnings {
		fmt.Fprintf(s.stderr, "checker: warning: %s\n", w)
	}
	return s.writeReports(reports, gb)
}

// report is one report to write: a format, and a file ("" for stdout).
type report struct{ format, file string }

// reports reads -format and -o: one format to stdout, or one report per
// -o, its format the matching one of a comma-separated -format, or else
// the one its extension names.
func (s *session) reports() ([]report, error) {
	var formats []string
	if s.o.format != "" {
		formats = strings.Split(s.o.format, ",")
	}
	for _, f := range formats {
		if !gradebook.KnownFormat(f) {
			return nil, usagef("unknown -format %q: want one of %s", f, strings.Join(gradebook.Formats, ", "))
		}
	}
	outs := s.o.outputs
	switch {
	case len(outs) == 0 && len(formats) > 1:
		return nil, usagef("-format %s names %d formats: give as many -o files, one for each", s.o.format, len(formats))
	case len(outs) == 0:
		f := "text"
		if len(formats) == 1 {
			f = formats[0]
		} else if s.o.json {
			f = "json"
		}
		return []report{{format: f}}, nil
	case len(formats) != 0 && len(formats) != len(outs):
		return nil, usagef("-format %s names %d formats for %d -o files: give one format per file, or none and let the extensions say", s.o.format, len(formats), len(outs))
	}
	var list []report
	for i, o := range outs {
		r := report{file: o}
		if len(formats) > 0 {
			r.format = formats[i]
		} else {
			f, err := gradebook.FormatFor(o)
			if err != nil {
				return nil, usagef("%v", err)
			}
			r.format = f
		}
		list = append(list, r)
	}
	return list, nil
}

// writeReports writes gb as each report says. The github format also
// appends its summary to $GITHUB_STEP_SUMMARY when that is set.
func (s *session) writeReports(list []report, gb *gradebook.Gradebook) error {
	opts := gradebook.Options{Command: s.command, MaxPoints: s.visibleMaxPoints()}
	for _, r := range list {
		if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && r.format == "github" && opts.StepSummary == nil {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return fmt.Errorf("step summary: %w", err)
			}
			defer f.Close()
			opts.StepSummary = f
		}
	}
	if len(list) == 1 && list[0].file == "" {
		return gradebook.Write(s.stdout, list[0].format, gb, opts)
	}
	files := map[string]string{}
	for _, r := range list {
		if _, dup := files[r.file]; dup {
			return usagef("-o %s is given twice", r.file)
		}
		files[r.file] = r.format
	}
	return gradebook.WriteFiles(gb, files, opts)
}

// visibleMaxPoints is the most points a submission can earn from the
// checks learners see (-run applied).
func (s *session) visibleMaxPoints() int {
	total := 0
	for _, e := range s.cat.Exercises {
		list, err := s.cat.Scripts(e)
		if err != nil {
			continue
		}
		for _, sc := range list {
			if sc.Visibility == "" && (s.o.run == nil || s.o.run.MatchString(sc.Name)) {
				total += sc.Points
			}
		}
	}
	return total
}

// validateHiddenChecks holds an instructor's -scripts folder to the rules
// before any submission is graded: its layout and names
// (catalog.ValidateExtra), then each check passing on the reference and
// failing on the stub (authoring.HiddenChecks).
func (s *session) validateHiddenChecks() error {
	if s.cat.Extra == "" {
		return nil
	}
	if err := s.cat.ValidateExtra(); err != nil {
		return err
	}
	opts, err := s.options()
	if err != nil {
		return err
	}
	fmt.Fprintf(s.stderr, "checking the hidden checks in %s against the reference solution and the stub…\n", s.cat.Extra)
	return authoring.HiddenChecks(s.ctx, s.cat, opts)
}
