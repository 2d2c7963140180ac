package authoring

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/patch"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// Wrong is one known-wrong submission: testdata/NAME/wrong/BUG.diff, a
// unified diff against the exercise's solution that makes one bug, headed
// by a '#' line saying the bug and one "CHECK KIND" line per check that
// must fail, with that kind:
//
//	# RunAll waits for each goroutine before it starts the next one.
//	runall-concurrent sequential
//
//	--- a/sumthread.go
//	+++ b/sumthread.go
//	@@ -38,6 +38,7 @@
//	…
type Wrong struct {
	Name        string // BUG
	Description string // the '#' line, without "# "
	Want        []Want
	Diff        string
	Code        target.Code // the solution with the diff applied
	Changed     int         // lines the diff removes and adds
	Err         error       // why the submission cannot be used
}

// Want is one check a known-wrong submission must fail, and how.
type Want struct {
	Check string
	Kind  protocol.Kind
}

// WrongExt is the file extension of a known-wrong submission.
const WrongExt = ".diff"

// LoadWrong reads the known-wrong submissions in dir (none when it does not
// exist), applied to solution, sorted by name. A submission that does not
// parse or apply has Err set.
func LoadWrong(dir string, solution target.Code) ([]*Wrong, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*Wrong
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			out = append(out, &Wrong{Name: name, Err: fmt.Errorf("a folder: known-wrong submissions are diffs against the solution (wrong/%s%s)", name, WrongExt)})
			continue
		}
		if !strings.HasSuffix(name, WrongExt) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, ParseWrong(strings.TrimSuffix(name, WrongExt), string(data), solution))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// ParseWrong reads one known-wrong submission and applies it to solution.
func ParseWrong(name, text string, solution target.Code) *Wrong {
	w := &Wrong{Name: name}
	head, _, found := strings.Cut(text, "\n--- ")
	if !found {
		w.Err = fmt.Errorf("no diff (no '--- a/FILE' line)")
		return w
	}
	for _, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			if w.Description == "" {
				w.Description = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			}
		default:
			f := strings.Fields(line)
			if len(f) != 2 {
				w.Err = fmt.Errorf("%q is not \"CHECK KIND\"", line)
				return w
			}
			k := protocol.Kind(f[1])
			if !k.Valid() || k == protocol.Error {
				w.Err = fmt.Errorf("unknown kind %q", f[1])
				return w
			}
			w.Want = append(w.Want, Want{Check: f[0], Kind: k})
		}
	}
	switch {
	case w.Description == "":
		w.Err = fmt.Errorf("no '#' line saying what the bug is")
		return w
	case len(w.Want) == 0:
		w.Err = fmt.Errorf("names no check that must fail (a \"CHECK KIND\" line)")
		return w
	}
	w.Diff = text[len(head)+1:]
	files, err := patch.Apply(solution, w.Diff)
	if err != nil {
		w.Err = fmt.Errorf("the diff no longer applies to the solution: %v (make it again against solutions/)", err)
		return w
	}
	w.Code = target.Code(files)
	w.Changed = patch.Changed(w.Diff)
	return w
}
