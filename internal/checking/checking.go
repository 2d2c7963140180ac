// Package checking runs the checks of exercises against a target tree
// (a learner's exercises/, the solutions/, or a submission's copy) and
// gathers them into results.
package checking

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/diagnose"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/scripts"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Config says what to check and how.
type Config struct {
	Catalog *catalog.Catalog
	Go      *testbin.Toolchain
	GoSum   []byte
	// Root is the tree holding the target packages; Tree is the folder in it
	// ("exercises" or "solutions"); Display prefixes the paths shown.
	Root    string
	Tree    string
	Display string
	// Dirs, if set, overrides where an exercise's target lives (by name).
	Dirs    map[string]string
	Jobs    chan struct{}
	Count   int
	Timeout time.Duration
	Run     *regexp.Regexp // only checks whose name matches
	Verbose bool
	TempDir string
	// Building is told, once, that a build is starting (for "building the
	// race runtime" notices); Done is told each exercise's results as they come.
	Building func(e catalog.Exercise) (done func())
	Done     func(e results.Exercise)
}

// Exercise checks one exercise and returns its results.
func Exercise(ctx context.Context, cfg Config, e catalog.Exercise) (results.Exercise, error) {
	out := results.Exercise{ID: e.ID, Name: e.Name}
	list, err := cfg.Catalog.Scripts(e)
	if err != nil {
		return out, err
	}
	if cfg.Run != nil {
		var keep []*scripts.Script
		for _, s := range list {
			if cfg.Run.MatchString(s.Name) {
				keep = append(keep, s)
			}
		}
		list = keep
	}
	if len(list) == 0 {
		out.Status = results.Pass
		return out, nil
	}
	dir := filepath.Join(cfg.Root, cfg.Tree, e.Name)
	display := filepath.ToSlash(filepath.Join(cfg.Display, cfg.Tree, e.Name))
	if d, ok := cfg.Dirs[e.Name]; ok {
		dir, display = d, d
		if rel, err := filepath.Rel(cfg.Root, d); err == nil && !strings.HasPrefix(rel, "..") {
			display = filepath.ToSlash(rel)
		}
	}
	if names, err := testbin.TargetFiles(dir); err != nil || len(names) == 0 {
		msg := fmt.Sprintf("%s has no Go files to check", display)
		if err != nil && !os.IsNotExist(err) {
			msg = fmt.Sprintf("read %s: %v", display, err)
		}
		for _, s := range list {
			out.Checks = append(out.Checks, results.Check{
				Name: s.Name, Title: s.Title, Status: results.Fail, Kind: string(diagnose.Compile),
				Message: msg, MaxPoints: s.Points,
			})
		}
		out.Total()
		return out, nil
	}
	var building func() func()
	if cfg.Building != nil {
		building = func() func() { return cfg.Building(e) }
	}
	res, err := scripts.Run(ctx, scripts.Config{
		Package: e.Name, Scripts: list, TargetDir: dir, Display: display,
		Go: cfg.Go, GoSum: cfg.GoSum, Jobs: cfg.Jobs, Count: cfg.Count,
		Timeout: cfg.Timeout, Verbose: cfg.Verbose, TempDir: cfg.TempDir,
		Building: building,
	})
	if err != nil {
		return out, fmt.Errorf("check %s: %w", e.ID, err)
	}
	for _, r := range res {
		c := results.Check{
			Name: r.Script.Name, Title: r.Script.Title, Status: string(r.Verdict.Status),
			Kind: string(r.Verdict.Kind), Message: r.Verdict.Message, File: r.Verdict.File,
			Line: r.Verdict.Line, MaxPoints: r.Script.Points, DurationMS: r.Duration.Milliseconds(),
		}
		if r.Verdict.Status != diagnose.Pass || cfg.Verbose {
			c.Output = r.Verdict.Output
			if cfg.Verbose && r.Log != "" {
				c.Output = r.Log
			}
		}
		if r.Verdict.Status == diagnose.Pass {
			c.Points = r.Script.Points
		}
		out.Checks = append(out.Checks, c)
	}
	out.Total()
	return out, nil
}

// All checks exercises in order and returns the run.
func All(ctx context.Context, cfg Config, list []catalog.Exercise) (*results.Run, error) {
	run := &results.Run{Version: results.Version, Target: cfg.Tree}
	for _, e := range list {
		ex, err := Exercise(ctx, cfg, e)
		if err != nil {
			return nil, err
		}
		run.Exercises = append(run.Exercises, ex)
		if cfg.Done != nil {
			cfg.Done(ex)
		}
	}
	run.Total()
	return run, nil
}
