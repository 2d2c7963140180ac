package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/checking"
	"github.com/goconcurrency/workbook/internal/results"
)

// watch re-checks the current exercise whenever a file under exercises/ is
// saved, and moves on to the next when it passes. On a terminal it takes
// single keys: h hint, l list, n next, r re-run, q quit.
func (s *session) watch(args []string) error {
	if len(args) > 1 {
		return usagef("usage: checker watch [exercise-N]")
	}
	root, st, err := s.rootAndState()
	if err != nil {
		return err
	}
	idx := -1
	if len(args) == 1 {
		e, err := s.cat.Lookup(args[0])
		if err != nil {
			return usagef("%v", err)
		}
		idx = e.Number - 1
	} else if first := s.firstUnfinished(root, st); first != nil {
		idx = first.Number - 1
	} else {
		idx = len(s.cat.Exercises) - 1
	}
	keys := make(chan byte, 8)
	restore := readKeys(s.ctx, keys)
	defer restore()

	dir := filepath.Join(root, catalog.ExercisesDir)
	last := snapshot(dir)
	for {
		e := s.cat.Exercises[idx]
		passed := s.watchOnce(root, e)
		fmt.Fprintf(s.stdout, "\nwatching %s/%s/ — save to re-check; keys: h hint, l list, n next, r re-run, q quit\n", catalog.ExercisesDir, e.Name)
		if passed && idx < len(s.cat.Exercises)-1 {
			fmt.Fprintf(s.stdout, "%s passes: on to %s when you save or press n.\n", e.ID, s.cat.Exercises[idx+1].ID)
		}
	wait:
		for {
			select {
			case <-s.ctx.Done():
				return nil
			case k := <-keys:
				switch k {
				case 'q', 'Q':
					return nil
				case 'r', 'R', '\n':
					break wait
				case 'n', 'N':
					if idx < len(s.cat.Exercises)-1 {
						idx++
					}
					break wait
				case 'h', 'H':
					fmt.Fprintln(s.stdout)
					if err := s.hint([]string{e.ID}); err != nil {
						fmt.Fprintf(s.stderr, "checker: %v\n", err)
					}
				case 'l', 'L':
					fmt.Fprintln(s.stdout)
					if err := s.list(nil); err != nil {
						fmt.Fprintf(s.stderr, "checker: %v\n", err)
					}
				}
			case <-time.After(250 * time.Millisecond):
				now := snapshot(dir)
				if now == last {
					continue
				}
				// Debounce: an editor saves in bursts; wait until quiet.
				for {
					time.Sleep(300 * time.Millisecond)
					again := snapshot(dir)
					if again == now {
						break
					}
					now = again
				}
				last = now
				if passed && idx < len(s.cat.Exercises)-1 {
					idx++
				}
				break wait
			}
		}
	}
}

// watchOnce clears the screen and checks e, reporting whether it passed.
func (s *session) watchOnce(root string, e catalog.Exercise) bool {
	if s.printer.Color {
		fmt.Fprint(s.stdout, "\x1b[H\x1b[2J")
	}
	fmt.Fprintf(s.stdout, "%s  checking %s %s…\n\n", time.Now().Format("15:04:05"), e.ID, e.Name)
	ck, err := s.checker()
	if err != nil {
		fmt.Fprintf(s.stderr, "checker: %v\n", err)
		return false
	}
	dir := filepath.Join(root, catalog.ExercisesDir, e.Name)
	exs, err := ck.Check(s.ctx, []checking.Job{checking.FromDir(e, dir, catalog.ExercisesDir+"/"+e.Name)})
	if err != nil {
		fmt.Fprintf(s.stderr, "checker: %v\n", err)
		return false
	}
	res := exs[0]
	s.record(root, res.ID, res.Name, res.Status)
	s.printer.Exercise(res)
	return res.Status == results.Pass
}

// snapshot fingerprints the names, sizes and times of the .go files under dir.
func snapshot(dir string) string {
	var b []byte
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return nil
		}
		if info, err := d.Info(); err == nil {
			b = fmt.Appendf(b, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return string(b)
}

// readKeys sends keys typed on stdin to keys. On a terminal it switches to
// single-key mode (stty) and returns a function that switches back.
func readKeys(ctx context.Context, keys chan<- byte) (restore func()) {
	restore = func() {}
	if info, err := os.Stdin.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
		if exec.Command("stty", "-F", "/dev/tty", "cbreak", "-echo").Run() == nil {
			restore = func() { exec.Command("stty", "-F", "/dev/tty", "-cbreak", "echo").Run() }
		}
	}
	go func() {
		r := bufio.NewReader(os.Stdin)
		for {
			b, err := r.ReadByte()
			if err == io.EOF || err != nil {
				return
			}
			select {
			case keys <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return restore
}
