package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goconcurrency/workbook/internal/gradebook"
	"github.com/goconcurrency/workbook/internal/grading"
	"github.com/goconcurrency/workbook/internal/results"
)

// grade grades submissions, each DIR a learner's copy of the workbook, and
// writes the gradebook in -format to -o or stdout.
func (s *session) grade(args []string) error {
	if len(args) == 0 {
		return usagef("usage: checker grade [-format F] [-o FILE] [-shard K/N] DIR…")
	}
	format, err := s.gradeFormat()
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
	if err := s.writeGradebook(format, gb); err != nil {
		return err
	}
	if !gb.Passed() {
		return errChecksFailed
	}
	return nil
}

// gradeLine is one submission's result in a progress line.
func gradeLine(r results.Run) string {
	if r.Error != "" {
		return "not checked: " + r.Error
	}
	return fmt.Sprintf("%d/%d points", r.Points, r.MaxPoints)
}

// merge joins the JSON gradebooks of grade shards into one and writes it
// in -format. It fails on a submission graded twice or a version mismatch.
func (s *session) merge(args []string) error {
	if len(args) == 0 {
		return usagef("usage: checker merge [-format F] [-o FILE] FILE…")
	}
	format, err := s.gradeFormat()
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
	gb, err := gradebook.Merge(books, args)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return s.writeGradebook(format, gb)
}

// gradeFormat is -format, checked; -json means -format json.
func (s *session) gradeFormat() (string, error) {
	format := s.o.format
	if s.o.json && format == "text" {
		format = "json"
	}
	if !gradebook.KnownFormat(format) {
		return "", usagef("unknown -format %q: want one of %s", format, strings.Join(gradebook.Formats, ", "))
	}
	return format, nil
}

// writeGradebook writes gb in format to -o FILE, or stdout. The github
// format also appends its table to $GITHUB_STEP_SUMMARY when that is set.
func (s *session) writeGradebook(format string, gb *gradebook.Gradebook) error {
	opts := gradebook.Options{Command: s.command}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && format == "github" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("step summary: %w", err)
		}
		defer f.Close()
		opts.StepSummary = f
	}
	var w io.Writer = s.stdout
	var buf bytes.Buffer
	if s.o.output != "" {
		w = &buf
	}
	if err := gradebook.Write(w, format, gb, opts); err != nil {
		return err
	}
	if s.o.output != "" {
		if err := os.WriteFile(s.o.output, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write the gradebook: %w", err)
		}
	}
	return nil
}
