// Package grading grades submissions: each one a learner's copy of the
// workbook, checked with the checker's own scripts in a fresh workspace of
// its own, several at once, into one results.Run per submission.
package grading

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Config says what to grade with and how.
type Config struct {
	Catalog   *catalog.Catalog
	Options   *testbin.Options   // the engine options, passed down as they are
	Exercises []catalog.Exercise // the exercises graded, in order
	// Parallel is how many submissions are graded at once; 0 means one.
	Parallel int
	// Done, if set, is told each submission's results as they come (from
	// several goroutines, one call at a time).
	Done func(r results.Run)
}

// Submission is one folder to grade.
type Submission struct {
	Name    string // how results name it: the folder's base name, or its path if two share one
	Dir     string // the folder as given
	Display string // prefix of the paths shown: the folder as given, relative ("alice")
}

// Submissions names the folders to grade, sorted by the folder as given,
// each folder once.
// A submission is named by its folder's base name, unless two folders share
// one: then by the folder's path.
func Submissions(dirs []string) []Submission {
	var subs []Submission
	count := map[string]int{}
	seen := map[string]bool{}
	for _, d := range dirs {
		clean := filepath.Clean(d)
		if seen[clean] {
			continue // the same folder named twice is graded once
		}
		seen[clean] = true
		base := filepath.Base(clean)
		if abs, err := filepath.Abs(clean); err == nil {
			base = filepath.Base(abs)
		}
		display := filepath.ToSlash(clean)
		if display == "." {
			display = ""
		}
		subs = append(subs, Submission{Name: base, Dir: clean, Display: display})
		count[base]++
	}
	for i := range subs {
		if count[subs[i].Name] > 1 {
			subs[i].Name = filepath.ToSlash(subs[i].Dir)
		}
	}
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].Dir < subs[j].Dir })
	return subs
}

// Shard is the K-th of N slices of a sorted list (K counts from 1).
type Shard struct{ K, N int }

// ParseShard reads "K/N"; "" is the whole list (1/1).
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{1, 1}, nil
	}
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("bad -shard %q: want K/N with 1 ≤ K ≤ N, such as 2/4", s)
	}
	return Shard{k, n}, nil
}

// Slice keeps every submission whose index mod N is K-1.
func Slice[T any](list []T, sh Shard) []T {
	var out []T
	for i, x := range list {
		if i%sh.N == sh.K-1 {
			out = append(out, x)
		}
	}
	return out
}

// Grade grades the submissions, several at once, and returns their results
// in the order given. A submission that cannot be checked (its folder is
// missing, say) gets a Run with Error set; grading carries on. The error
// returned is only the checker's own (cancelled, say).
func Grade(ctx context.Context, cfg Config, subs []Submission) ([]results.Run, error) {
	out := make([]results.Run, len(subs))
	workers := min(max(cfg.Parallel, 1), len(subs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range workers {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				r := One(ctx, cfg, subs[i])
				r.DurationMS = time.Since(start).Milliseconds()
				out[i] = r
				if cfg.Done != nil {
					mu.Lock()
					cfg.Done(r)
					mu.Unlock()
				}
			}
		})
	}
feed:
	for i := range subs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("grade: %w", err)
	}
	return out, nil
}

// One grades one submission: it copies the submission's exercise files
// into a fresh workspace and checks them there.
func One(ctx context.Context, cfg Config, sub Submission) results.Run {
	run := results.Run{Version: results.Version, Target: catalog.ExercisesDir, Submission: sub.Name}
	info, err := os.Stat(sub.Dir)
	switch {
	case err != nil:
		run.Error = cleanErr(err).Error()
		return run
	case !info.IsDir():
		run.Error = fmt.Sprintf("%s is not a folder", sub.Dir)
		return run
	}
	ws, err := os.MkdirTemp(cfg.Options.TempDir, "grade-")
	if err != nil {
		run.Error = fmt.Sprintf("workspace: %v", err)
		return run
	}
	defer os.RemoveAll(ws)
	placed, err := PlaceSubmission(sub.Dir, ws, cfg.Exercises, sub.Display)
	run.Notes = placed.Notes
	if err != nil {
		run.Error = err.Error()
		return run
	}
	ck := &checking.Checker{Catalog: cfg.Catalog, Options: cfg.Options}
	var jobs []checking.Job
	for _, e := range cfg.Exercises {
		display := placed.Display(e)
		jobs = append(jobs, checking.FromDir(e, filepath.Join(ws, catalog.ExercisesDir, e.Name), display))
	}
	exs, err := ck.Check(ctx, jobs)
	if err != nil {
		if ctx.Err() != nil {
			run.Error = ctx.Err().Error()
			return run
		}
		// The checker failed on this submission: say so in its checks.
		for _, e := range cfg.Exercises {
			exs = append(exs, errorExercise(cfg, e, fmt.Sprintf("grade %s: %v", sub.Name, err)))
		}
	}
	for _, ex := range exs {
		if len(ex.Checks) > 0 { // -run may leave an exercise no check
			run.Exercises = append(run.Exercises, ex)
		}
	}
	run.Total()
	return run
}

// errorExercise is e with every check an error saying msg.
func errorExercise(cfg Config, e catalog.Exercise, msg string) results.Exercise {
	ex := results.Exercise{ID: e.ID, Name: e.Name}
	list, _ := cfg.Catalog.Scripts(e)
	for _, s := range list {
		if cfg.Options.Run != nil && !cfg.Options.Run.MatchString(s.Name) {
			continue
		}
		ex.Checks = append(ex.Checks, results.Check{
			Name: s.Name, Title: s.Title, Status: results.Error, Kind: "error",
			Message: msg, MaxPoints: s.Points,
		})
	}
	ex.Total()
	return ex
}

// cleanErr drops the "stat" of a path error.
func cleanErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		if os.IsNotExist(err) {
			return fmt.Errorf("%s: no such folder", pe.Path)
		}
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// CopySubmission copies the non-test .go files of dir/exercises/NAME, for
// every exercise, into ws/exercises/NAME. Symbolic links, files that are not
// regular and files over MaxFileSize are left out; notes say which, with
// paths under display. A missing exercise folder is no error: its checks fail.
func CopySubmission(dir, ws string, list []catalog.Exercise, display string) (notes []string, err error) {
	show := func(parts ...string) string {
		return filepath.ToSlash(filepath.Join(append([]string{display}, parts...)...))
	}
	exDir := filepath.Join(dir, catalog.ExercisesDir)
	if fi, err := os.Lstat(exDir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return []string{fmt.Sprintf("%s is a symbolic link: left out", show(catalog.ExercisesDir))}, nil
	}
	for _, e := range list {
		src := filepath.Join(exDir, e.Name)
		fi, err := os.Lstat(src)
		if err != nil {
			continue
		}
		if !fi.IsDir() {
			notes = append(notes, fmt.Sprintf("%s is not a folder: left out", show(catalog.ExercisesDir, e.Name)))
			continue
		}
		code, skipped, err := target.Read(src)
		if err != nil {
			notes = append(notes, fmt.Sprintf("read %s: %v", show(catalog.ExercisesDir, e.Name), err))
			continue
		}
		for _, sk := range skipped {
			notes = append(notes, fmt.Sprintf("%s %s: left out", show(catalog.ExercisesDir, e.Name, sk.Name), sk.Why))
		}
		if err := code.Write(filepath.Join(ws, catalog.ExercisesDir, e.Name)); err != nil {
			return notes, fmt.Errorf("workspace: %w", err)
		}
	}
	return notes, nil
}
