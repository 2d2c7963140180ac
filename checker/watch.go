package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/results"
	"golang.org/x/term"
)

// watchKeys is the key line watch shows on a terminal.
const watchKeys = "h hint · a hints seen · l list · n next · r re-run · c check all · e edit · q quit"

// pollEvery is how often watch looks at the exercises' files. Polling (a
// stat of a handful of files) works on every file system, network and
// container mounts included, where inotify does not, needs no dependency,
// and costs nothing at this size; a save is seen within pollEvery.
const pollEvery = 250 * time.Millisecond

// quiet is how long the files must stay unchanged before a re-check: an
// editor's burst of writes (save, rename, format) is one change.
const quiet = 300 * time.Millisecond

// watch re-checks an exercise whenever one of its files under exercises/
// is saved: the exercise whose file was saved, so that breaking an earlier
// exercise shows at once. It moves on to the next exercise only when the
// learner presses n or saves the next one. On a terminal it clears the
// screen before each check, keeps the first failure and the key line in
// view, and takes single keys (watchKeys).
func (s *session) watch(args []string) error {
	if len(args) > 1 {
		return usagef("usage: checker watch [exercise-N]")
	}
	root, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	idx := len(s.cat.Exercises) - 1
	if len(args) == 1 {
		e, err := s.cat.Lookup(args[0])
		if err != nil {
			return usagef("%v", err)
		}
		idx = e.Number - 1
	} else if first := s.firstUnfinished(root, st); first != nil {
		idx = first.Number - 1
	}
	w := &watcher{s: s, root: root, idx: idx, keys: make(chan byte, 16)}
	if f, ok := s.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) && term.IsTerminal(int(os.Stdin.Fd())) {
		w.terminal = true
		s.watching = true
	}
	restore := w.readKeys(s.ctx)
	defer restore()
	if w.raw != nil {
		// In raw mode every line the commands write needs its carriage
		// return too.
		orig, origPrinter := s.stdout, s.printer.W
		s.stdout = crlf{orig}
		s.printer.W = s.stdout
		defer func() { s.stdout, s.printer.W = orig, origPrinter }()
	}
	return w.loop()
}

// watcher is the state of a watch.
type watcher struct {
	s        *session
	root     string
	idx      int // the exercise being watched
	terminal bool
	raw      *term.State
	keys     chan byte
	last     results.Exercise // the last result shown
}

// loop checks, shows, and waits for a key or a save, until q or Ctrl-C.
func (w *watcher) loop() error {
	snap := w.snapshot()
	for {
		w.checkAndShow()
		for waiting := true; waiting; {
			select {
			case <-w.s.ctx.Done():
				return nil
			case k := <-w.keys:
				next, quit := w.key(k)
				if quit {
					return nil
				}
				if next {
					waiting = false
				}
			case <-time.After(pollEvery):
				now := w.snapshot()
				changed := changedExercise(snap, now)
				if changed == "" {
					continue
				}
				// Wait for the editor's burst of writes to end.
				for {
					time.Sleep(quiet)
					again := w.snapshot()
					if equalSnap(again, now) {
						break
					}
					now = again
				}
				snap = now
				if e, err := w.s.cat.Lookup(changed); err == nil {
					w.idx = e.Number - 1
				}
				waiting = false
			}
		}
		snap = w.snapshot()
	}
}

// key acts on one key; next reports that the exercise is to be checked
// again, quit that watch ends.
func (w *watcher) key(k byte) (next, quit bool) {
	e := w.s.cat.Exercises[w.idx]
	switch k {
	case 'q', 'Q', 3, 4: // q, Ctrl-C, Ctrl-D
		return false, true
	case 'r', 'R', '\r', '\n':
		return true, false
	case 'n', 'N':
		if w.idx < len(w.s.cat.Exercises)-1 {
			w.idx++
		}
		return true, false
	case 'h', 'H':
		w.say(func() error { return w.s.hint([]string{e.ID}) })
	case 'a', 'A':
		w.say(func() error { return w.s.hint([]string{e.ID, "all"}) })
	case 'l', 'L':
		w.say(func() error { return w.s.list(nil) })
	case 'c', 'C':
		w.clear()
		w.say(func() error { return w.s.check(w.s.cat.Exercises) })
		fmt.Fprintf(w.out(), "\n%s\n", w.keyLine())
	case 'e', 'E':
		if w.edit() {
			return true, false
		}
	}
	return false, false
}

// say runs a command whose output goes to the screen below the result.
func (w *watcher) say(f func() error) {
	fmt.Fprintln(w.out())
	if err := f(); err != nil && err != errChecksFailed {
		fmt.Fprintf(w.out(), "checker: %v\n", err)
	}
	fmt.Fprintf(w.out(), "\n%s\n", w.keyLine())
}

// checkAndShow clears the screen and checks the watched exercise.
func (w *watcher) checkAndShow() {
	e := w.s.cat.Exercises[w.idx]
	w.clear()
	ck, err := w.s.checker()
	var res results.Exercise
	if err == nil {
		dir := filepath.Join(w.root, catalog.ExercisesDir, e.Name)
		stop := w.s.startProgress("checking "+e.ID+" "+e.Name, w.checksOf(e))
		var exs []results.Exercise
		exs, err = ck.Check(w.s.ctx, []checking.Job{checking.FromDir(e, dir, catalog.ExercisesDir+"/"+e.Name)})
		stop()
		if err == nil {
			res = exs[0]
		}
	}
	if err != nil {
		if w.s.ctx.Err() == nil {
			fmt.Fprintf(w.out(), "checker: %v\n%s\n", err, w.keyLine())
		}
		return
	}
	w.s.record(w.root, res.ID, res.Name, res.Status)
	w.last = res
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s  watching %s/%s/\n\n", time.Now().Format("15:04:05"), catalog.ExercisesDir, e.Name)
	saved := w.s.printer.W
	w.s.printer.W = &buf
	w.s.printer.Exercise(res)
	w.s.printer.W = saved
	if res.Status == results.Pass {
		next := ""
		if n := w.s.nextAfter(w.root, e.ID); n != "" {
			next = fmt.Sprintf(" Press n for %s (or save one of its files).", n)
		}
		fmt.Fprintf(&buf, "\n%s passes: compare with the reference (\"%s solution %s\").%s\n", e.ID, w.s.command, e.ID, next)
	}
	w.show(buf.String())
}

// show writes a report, on a terminal cut to the screen's height so that
// its start (the first failure) and the key line stay in view.
func (w *watcher) show(report string) {
	lines := strings.Split(strings.TrimRight(report, "\n"), "\n")
	if w.terminal {
		if _, h, err := term.GetSize(int(os.Stdin.Fd())); err == nil && h > 6 && len(lines) > h-3 {
			more := len(lines) - (h - 4)
			lines = append(lines[:h-4], fmt.Sprintf("… %d more lines (run \"%s -v %s\" outside watch to see all)", more, w.s.command, w.s.cat.Exercises[w.idx].ID))
		}
	}
	fmt.Fprintln(w.out(), strings.Join(lines, "\n"))
	fmt.Fprintln(w.out(), w.keyLine())
}

// keyLine is the key line on a terminal, or how to go on in a pipe.
func (w *watcher) keyLine() string {
	if w.terminal {
		return w.s.printer.Bold(watchKeys)
	}
	return "save a file under exercises/ to check again; Ctrl-C ends"
}

// clear clears the screen on a terminal.
func (w *watcher) clear() {
	if w.terminal {
		fmt.Fprint(w.out(), "\x1b[H\x1b[2J\x1b[3J")
	}
}

// out is where watch writes (in raw mode, through crlf).
func (w *watcher) out() io.Writer { return w.s.stdout }

// checksOf counts the checks of e that -run leaves.
func (w *watcher) checksOf(e catalog.Exercise) int {
	scs, _ := w.s.cat.Scripts(e)
	n := 0
	for _, sc := range scs {
		if w.s.o.run == nil || w.s.o.run.MatchString(sc.Name) {
			n++
		}
	}
	return n
}

// edit opens the first failing line in $VISUAL or $EDITOR, the terminal
// given back to it while it runs; it reports whether an editor ran.
func (w *watcher) edit() bool {
	file, line := "", 0
	for _, c := range w.last.Checks {
		if c.Status != results.Pass && c.File != "" {
			file, line = c.File, c.Line
			break
		}
	}
	e := w.s.cat.Exercises[w.idx]
	if file == "" {
		file = filepath.ToSlash(filepath.Join(catalog.ExercisesDir, e.Name, e.Name+".go"))
	}
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		fmt.Fprintf(w.out(), "\nset $EDITOR (or $VISUAL) to open %s:%d from here\n%s\n", file, line, w.keyLine())
		return false
	}
	path := filepath.Join(w.root, file)
	fields := strings.Fields(editor)
	args := append(fields[1:], editorArgs(filepath.Base(fields[0]), path, line)...)
	cmd := exec.Command(fields[0], args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	w.cooked(func() {
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "checker: %s: %v\n", editor, err)
		}
	})
	return true
}

// editorArgs are the arguments that open path at line in editor.
func editorArgs(editor, path string, line int) []string {
	if line < 1 {
		return []string{path}
	}
	switch editor {
	case "code", "code-insiders", "codium", "cursor":
		return []string{"--goto", path + ":" + strconv.Itoa(line)}
	case "subl", "zed", "hx", "helix", "micro":
		return []string{path + ":" + strconv.Itoa(line)}
	}
	return []string{"+" + strconv.Itoa(line), path} // vi, vim, nvim, emacs, nano, kak
}

// readKeys sends the keys typed on a terminal to w.keys, one at a time
// (raw mode, so no Enter is needed), and returns the function that gives
// the terminal back.
func (w *watcher) readKeys(ctx context.Context) (restore func()) {
	restore = func() {}
	if !w.terminal {
		return restore
	}
	fd := int(os.Stdin.Fd())
	st, err := term.MakeRaw(fd)
	if err != nil {
		return restore
	}
	w.raw = st
	go func() {
		var b [1]byte
		for {
			n, err := os.Stdin.Read(b[:])
			if err != nil {
				return
			}
			if n == 1 {
				select {
				case w.keys <- b[0]:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return func() {
		if w.raw != nil {
			term.Restore(fd, w.raw)
		}
	}
}

// cooked runs f with the terminal in its normal mode (for an editor).
func (w *watcher) cooked(f func()) {
	if w.raw == nil {
		f()
		return
	}
	fd := int(os.Stdin.Fd())
	term.Restore(fd, w.raw)
	f()
	if st, err := term.MakeRaw(fd); err == nil {
		w.raw = st
	}
}

// snapshot records the name, size and time of every code file under
// exercises/, by exercise name.
func (w *watcher) snapshot() map[string]string {
	out := map[string]string{}
	dir := filepath.Join(w.root, catalog.ExercisesDir)
	entries, _ := os.ReadDir(dir)
	for _, ex := range entries {
		if !ex.IsDir() {
			continue
		}
		files, _ := os.ReadDir(filepath.Join(dir, ex.Name()))
		var b strings.Builder
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".go") {
				continue
			}
			if info, err := f.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", f.Name(), info.Size(), info.ModTime().UnixNano())
			}
		}
		out[ex.Name()] = b.String()
	}
	return out
}

// changedExercise names an exercise whose files differ between two
// snapshots (the first by name), or "".
func changedExercise(a, b map[string]string) string {
	var names []string
	for n := range b {
		if a[n] != b[n] {
			names = append(names, n)
		}
	}
	for n := range a {
		if _, ok := b[n]; !ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return names[0]
}

// equalSnap reports whether two snapshots are the same.
func equalSnap(a, b map[string]string) bool { return changedExercise(a, b) == "" }

// crlf writes "\r\n" for every "\n": a terminal in raw mode does not
// return the carriage itself.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
