package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/authoring"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/progress"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/target"
)

// check checks exercises of the workbook and prints what it found.
func (s *session) check(list []catalog.Exercise) error {
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	if err := s.runMatches(list); err != nil {
		return err
	}
	if s.cat.Extra != "" {
		if err := s.cat.ValidateExtra(); err != nil {
			return err
		}
	}
	ck, err := s.checker()
	if err != nil {
		return err
	}
	tree := catalog.ExercisesDir
	if s.o.solutions {
		tree = catalog.SolutionsDir
	}
	var jobs []checking.Job
	for _, e := range list {
		dir := filepath.Join(root, tree, e.Name)
		display := tree + "/" + e.Name
		if s.o.dir != "" {
			if len(list) != 1 {
				return usagef("-dir goes with exactly one exercise")
			}
			if dir, err = filepath.Abs(s.o.dir); err != nil {
				return err
			}
			display = filepath.ToSlash(s.o.dir)
			if rel, err := filepath.Rel(root, dir); err == nil && !strings.HasPrefix(rel, "..") {
				display = filepath.ToSlash(rel)
			}
			tree = "dir"
			s.o.solutions = true // not the learner's exercise: record no progress
		}
		if strings.HasSuffix(s.o.dir, authoring.WrongExt) {
			j, err := s.wrongJob(root, e)
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
			continue
		}
		jobs = append(jobs, checking.FromDir(e, dir, display))
	}
	total := 0
	var names []string
	for _, e := range list {
		scs, _ := s.cat.Scripts(e)
		for _, sc := range scs {
			if s.o.run == nil || s.o.run.MatchString(sc.Name) {
				total++
			}
		}
		names = append(names, e.ID+" "+e.Name)
	}
	label := "checking " + strings.Join(names, ", ")
	if len(list) > 2 {
		label = fmt.Sprintf("checking %d exercises", len(list))
	}
	stop := s.startProgress(label, total)
	ck.Finished = func(catalog.Exercise, results.Check) {
		if p := s.currentProgress(); p != nil {
			p.Phase(label)
			p.Step()
		}
	}
	exs, err := ck.Check(s.ctx, jobs)
	stop()
	if err != nil {
		return err
	}
	run := &results.Run{Version: results.Version, Target: tree, Exercises: exs}
	run.Total()
	for _, e := range run.Exercises {
		s.record(root, e.ID, e.Name, e.Status)
	}
	if s.o.json {
		if err := results.WriteJSON(s.stdout, run); err != nil {
			return err
		}
	} else {
		for _, e := range run.Exercises {
			s.printer.Exercise(e)
		}
		if len(run.Exercises) == 1 {
			e := run.Exercises[0]
			s.printer.Next(e, s.nextAfter(root, e.ID))
		} else {
			s.printer.Summary(run)
			for _, e := range run.Exercises {
				if e.Status != results.Pass {
					s.printer.Next(e, "")
					break
				}
			}
		}
	}
	if !run.Passed() {
		return errChecksFailed
	}
	return nil
}

// runMatches is a usage error when -run matches no check of the exercises
// in list: a typo must not read as "all 0 checks pass".
func (s *session) runMatches(list []catalog.Exercise) error {
	if s.o.run == nil {
		return nil
	}
	var names []string
	for _, e := range list {
		scs, err := s.cat.Scripts(e)
		if err != nil {
			return err
		}
		for _, sc := range scs {
			if s.o.run.MatchString(sc.Name) {
				return nil
			}
			names = append(names, sc.Name)
		}
	}
	return usagef("-run %s matches no check (the checks are: %s)", s.o.run, strings.Join(names, ", "))
}

// wrongJob is the job of checking a known-wrong submission (-dir BUG.diff):
// the solution of e with the diff applied.
func (s *session) wrongJob(root string, e catalog.Exercise) (checking.Job, error) {
	sol, _, err := target.Read(filepath.Join(root, catalog.SolutionsDir, e.Name))
	if err != nil {
		return checking.Job{}, err
	}
	data, err := os.ReadFile(s.o.dir)
	if err != nil {
		return checking.Job{}, usagef("-dir %s: %v", s.o.dir, err)
	}
	w := authoring.ParseWrong(strings.TrimSuffix(filepath.Base(s.o.dir), authoring.WrongExt), string(data), sol)
	if w.Err != nil {
		return checking.Job{}, fmt.Errorf("%s: %w", s.o.dir, w.Err)
	}
	display := filepath.ToSlash(strings.TrimSuffix(s.o.dir, authoring.WrongExt))
	if abs, err := filepath.Abs(s.o.dir); err == nil {
		if rel, err := filepath.Rel(root, strings.TrimSuffix(abs, authoring.WrongExt)); err == nil && !strings.HasPrefix(rel, "..") {
			display = filepath.ToSlash(rel)
		}
	}
	return checking.Job{Exercise: e, Code: w.Code, Display: display}, nil
}

// nextAfter names the first exercise after id that has not passed, as
// "exercise-N name", or "".
func (s *session) nextAfter(root, id string) string {
	st, _ := progress.Load(root)
	after := false
	for _, e := range s.cat.Exercises {
		if e.ID == id {
			after = true
			continue
		}
		if after && s.status(root, st, e) != statusPassed {
			return e.ID + " " + e.Name
		}
	}
	return ""
}

// The statuses list shows, derived from the files and what the last check
// of them found.
const (
	statusPassed     = "passed"
	statusChanged    = "changed since it passed"
	statusFailing    = "failing"
	statusUnchecked  = "edited, not checked"
	statusNotStarted = "not started"
)

// status derives an exercise's status: not started while its files are the
// pristine stub; otherwise what the last check of these very files found,
// or, when they changed since, whether that check had passed.
func (s *session) status(root string, st *progress.State, e catalog.Exercise) string {
	files, _, err := target.Read(filepath.Join(root, catalog.ExercisesDir, e.Name))
	if err != nil {
		return statusNotStarted
	}
	if stub, err := s.cat.Stub(e); err == nil && target.Code(stub).Equal(files) {
		return statusNotStarted
	}
	p := st.Exercises[e.ID]
	switch {
	case p == nil || p.Status == "":
		return statusUnchecked
	case p.Fingerprint == files.Fingerprint() && p.Status == results.Pass:
		return statusPassed
	case p.Fingerprint == files.Fingerprint():
		return statusFailing
	case p.Status == results.Pass:
		return statusChanged
	}
	return statusUnchecked
}

// list prints one row per exercise.
func (s *session) list(args []string) error {
	if len(args) > 0 {
		return usagef("list takes no arguments")
	}
	root, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	if s.o.json {
		type row struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			Concept  string `json:"concept"`
			Notebook string `json:"notebook"`
			Status   string `json:"status"`
		}
		var rows []row
		for _, e := range s.cat.Exercises {
			rows = append(rows, row{e.ID, e.Name, e.Concept, e.Notebook, s.status(root, st, e)})
		}
		return results.WriteJSON(s.stdout, rows)
	}
	rows := [][]string{{"ID", "NAME", "CONCEPT", "STATUS"}}
	for _, e := range s.cat.Exercises {
		rows = append(rows, []string{e.ID, e.Name, e.Concept, s.status(root, st, e)})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for c := range widths {
			widths[c] = max(widths[c], utf8.RuneCountInString(r[c]))
		}
	}
	for i, r := range rows {
		status := r[3]
		if i > 0 {
			switch status {
			case statusPassed:
				status = s.printer.Green(status)
			case statusFailing:
				status = s.printer.Red(status)
			case statusChanged, statusUnchecked:
				status = s.printer.Yellow(status)
			}
		}
		fmt.Fprintf(s.stdout, "%-*s  %-*s  %-*s  %s\n", widths[0], r[0], widths[1], r[1], widths[2], r[2], status)
	}
	return nil
}

// overview prints progress, then checks the first unfinished exercise.
func (s *session) overview() error {
	root, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	done := 0
	for _, e := range s.cat.Exercises {
		if s.status(root, st, e) == statusPassed {
			done++
		}
	}
	first := s.firstUnfinished(root, st)
	if !s.o.json {
		fmt.Fprintf(s.stdout, "Go concurrency workbook: %d of %d exercises done\n", done, len(s.cat.Exercises))
	}
	if first == nil {
		if !s.o.json {
			fmt.Fprintf(s.stdout, "Every exercise passes. Compare with the references: \"%s solution exercise-N\".\n", s.command)
		}
		return s.check(s.cat.Exercises)
	}
	if !s.o.json {
		fmt.Fprintf(s.stdout, "Checking %s %s (%s); edit %s/%s/\n\n", first.ID, first.Name, first.Concept, catalog.ExercisesDir, first.Name)
	}
	return s.check([]catalog.Exercise{*first})
}

// one resolves the single exercise a command names.
func (s *session) one(cmd string, args []string) (catalog.Exercise, error) {
	if len(args) != 1 {
		return catalog.Exercise{}, usagef("usage: checker %s exercise-N", cmd)
	}
	e, err := s.cat.Lookup(args[0])
	if err != nil {
		return e, usagef("%v", err)
	}
	return e, nil
}

// hint reveals the next hint of an exercise; "hint exercise-N all" shows
// every hint seen so far again.
func (s *session) hint(args []string) error {
	all := len(args) == 2 && args[1] == "all"
	if all {
		args = args[:1]
	}
	if len(args) != 1 {
		return usagef("usage: checker hint exercise-N [all]")
	}
	e, err := s.one("hint", args)
	if err != nil {
		return err
	}
	hints, err := s.cat.Hints(e)
	if err != nil {
		return err
	}
	_, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	p := st.Get(e.ID)
	if all {
		if p.Hints == 0 {
			fmt.Fprintf(s.stdout, "No hint of %s seen yet: \"%s hint %s\" shows the first.\n", e.ID, s.command, e.ID)
			return nil
		}
		for i := range p.Hints {
			fmt.Fprintf(s.stdout, "Hint %d of %d for %s %s:\n\n%s\n\n", i+1, len(hints), e.ID, e.Name, hints[i])
		}
	} else {
		if p.Hints < len(hints) {
			p.Hints++
		}
		if err := st.Save(); err != nil {
			return err
		}
		fmt.Fprintf(s.stdout, "Hint %d of %d for %s %s:\n\n%s\n", p.Hints, len(hints), e.ID, e.Name, hints[p.Hints-1])
	}
	switch {
	case s.watching && p.Hints < len(hints):
		fmt.Fprintf(s.stdout, "\n(press h for the next one, a for those seen so far)\n")
	case s.watching:
		fmt.Fprintf(s.stdout, "\n(that was the last hint; press a to see them all again)\n")
	case p.Hints < len(hints):
		fmt.Fprintf(s.stdout, "\n(\"%s hint %s\" again for the next one; \"… all\" shows those seen so far)\n", s.command, e.ID)
	default:
		fmt.Fprintf(s.stdout, "\n(that was the last hint; \"%s hint %s all\" shows them all again)\n", s.command, e.ID)
	}
	return nil
}

// solution prints the reference answer once the learner's passes.
func (s *session) solution(args []string) error {
	e, err := s.one("solution", args)
	if err != nil {
		return err
	}
	root, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	// Once an exercise has passed, its reference stays unlocked (after a
	// reset, after an edit).
	if p := st.Exercises[e.ID]; s.status(root, st, e) != statusPassed && (p == nil || !p.Passed) {
		fmt.Fprintf(s.stdout, "Finish %s first: run \"%s %s\"; once every check passes, the reference answer is shown here.\n", e.ID, s.command, e.ID)
		return errChecksFailed
	}
	files, _, err := target.Read(filepath.Join(root, catalog.SolutionsDir, e.Name))
	if err != nil {
		return fmt.Errorf("read the reference of %s: %w", e.ID, err)
	}
	for _, n := range files.Names() {
		fmt.Fprintf(s.stdout, "// ===== %s/%s/%s =====\n%s\n", catalog.SolutionsDir, e.Name, n, files[n])
	}
	return nil
}

// reset restores an exercise's stub, keeping a backup of what was there.
func (s *session) reset(args []string, stdin io.Reader) error {
	e, err := s.one("reset", args)
	if err != nil {
		return err
	}
	root, err := s.findRoot()
	if err != nil {
		return err
	}
	stub, err := s.cat.Stub(e)
	if err != nil {
		return err
	}
	dir := filepath.Join(root, catalog.ExercisesDir, e.Name)
	old, _, _ := target.Read(dir)
	if target.Code(stub).Equal(old) {
		fmt.Fprintf(s.stdout, "%s/%s is already the original stub: nothing to reset.\n", catalog.ExercisesDir, e.Name)
		return nil
	}
	if !s.o.yes {
		fmt.Fprintf(s.stdout, "Replace %s/%s with the original stub? Your version is kept in a backup. [y/N] ", catalog.ExercisesDir, e.Name)
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(s.stdout, "Nothing changed.")
			return nil
		}
	}
	if len(old) > 0 {
		backup, err := newBackup(root, e.Name)
		if err != nil {
			return fmt.Errorf("back up %s: %w", e.Name, err)
		}
		if err := old.Write(backup); err != nil {
			return fmt.Errorf("back up %s: %w", e.Name, err)
		}
		for n := range old {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return fmt.Errorf("reset %s: %w", e.Name, err)
			}
		}
		rel, _ := filepath.Rel(root, backup)
		fmt.Fprintf(s.stdout, "Your version is in %s.\n", rel)
	}
	if err := catalog.WriteFiles(dir, stub); err != nil {
		return fmt.Errorf("reset %s: %w", e.Name, err)
	}
	fmt.Fprintf(s.stdout, "Restored the stub of %s %s.\n", e.ID, e.Name)
	return nil
}

// newBackup makes a fresh folder for a backup of exercise name: named by
// the time, with a counter when that name is taken, so that no backup ever
// replaces another.
func newBackup(root, name string) (string, error) {
	base := filepath.Join(root, ".checker-backup", name+"-"+time.Now().Format("20060102-150405"))
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return "", err
	}
	for i := 1; ; i++ {
		dir := base
		if i > 1 {
			dir = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !os.IsExist(err) {
			return "", err
		}
	}
}

// rootAndState finds the workbook and loads the learner's progress.
func (s *session) rootAndState() (string, *progress.State, error) {
	root, err := s.findRoot()
	if err != nil {
		return "", nil, err
	}
	st, err := progress.Load(root)
	if err != nil {
		return "", nil, err
	}
	return root, st, nil
}

// firstUnfinished returns the first exercise that has not passed, or nil.
func (s *session) firstUnfinished(root string, st *progress.State) *catalog.Exercise {
	for i, e := range s.cat.Exercises {
		if s.status(root, st, e) != statusPassed {
			return &s.cat.Exercises[i]
		}
	}
	return nil
}
