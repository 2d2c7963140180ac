// Package catalog knows the workbook's layout: where its root is, which
// exercises it has (the manifest), where each exercise's stub, solution,
// checks and hints live, and what a learner's progress file remembers.
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/workbook/internal/scripts"
	"github.com/goconcurrency/workbook/internal/target"
)

// ModulePath is the workbook's module path, which marks its root.
const ModulePath = "github.com/goconcurrency/workbook"

// Exercise is one entry of the manifest.
type Exercise struct {
	ID       string `json:"-"` // "exercise-3"
	Number   int    `json:"-"` // 3
	Name     string `json:"name"`
	Concept  string `json:"concept"`
	Notebook string `json:"notebook"`
	// Order is the teaching order of the exercise's checks (their names),
	// from testdata/NAME/order.txt: the order of the functions in the
	// stub, so that the first failure is the one to fix first. Checks run
	// and print in this order.
	Order []string `json:"-"`
}

// OrderFile, in testdata/NAME, lists the exercise's checks in teaching
// order, one name per line ('#' lines are comments).
const OrderFile = "order.txt"

// ExercisesDir and SolutionsDir are the workbook folders of stubs and
// references; an exercise's package sits in a folder named after it.
const (
	ExercisesDir = "exercises"
	SolutionsDir = "solutions"
)

// FS is a file system holding testdata/.
type FS = fs.FS

// Catalog is the list of exercises and their checks.
type Catalog struct {
	Exercises []Exercise
	// Extra, if set, is a folder of an instructor's own checks, laid out as
	// Extra/NAME/NAME_*.txtar, added to the workbook's.
	Extra  string
	checks fs.FS // holds testdata/
}

// Load reads the manifest from checks (an FS holding testdata/).
func Load(checks fs.FS) (*Catalog, error) {
	data, err := fs.ReadFile(checks, "testdata/manifest.json")
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	var m struct {
		Exercises []Exercise `json:"exercises"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	for i := range m.Exercises {
		e := &m.Exercises[i]
		e.Number = i + 1
		e.ID = "exercise-" + strconv.Itoa(i+1)
		if data, err := fs.ReadFile(checks, path.Join("testdata", e.Name, OrderFile)); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
					e.Order = append(e.Order, line)
				}
			}
		}
	}
	return &Catalog{Exercises: m.Exercises, checks: checks}, nil
}

// UnknownError says that an argument names no exercise.
type UnknownError struct {
	Arg string
	Max int
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown exercise %q: name one as exercise-N, N (1 to %d) or its name; `checker list` shows them", e.Arg, e.Max)
}

// Lookup finds an exercise by ID ("exercise-3"), number ("3") or name ("resource").
func (c *Catalog) Lookup(arg string) (Exercise, error) {
	a := strings.ToLower(strings.TrimSpace(arg))
	a = strings.TrimSuffix(a, "/")
	for _, e := range c.Exercises {
		if a == e.ID || a == strconv.Itoa(e.Number) || a == e.Name || a == "exercises/"+e.Name {
			return e, nil
		}
	}
	return Exercise{}, &UnknownError{Arg: arg, Max: len(c.Exercises)}
}

// Solution returns the reference answer of e, as the checker was built
// with it.
func (c *Catalog) Solution(e Exercise) (target.Code, error) {
	entries, err := fs.ReadDir(c.checks, path.Join(SolutionsDir, e.Name))
	if err != nil {
		return nil, fmt.Errorf("read the solution of %s: %w", e.ID, err)
	}
	code := target.Code{}
	for _, ent := range entries {
		if !target.IsCode(ent.Name()) {
			continue
		}
		data, err := fs.ReadFile(c.checks, path.Join(SolutionsDir, e.Name, ent.Name()))
		if err != nil {
			return nil, err
		}
		code[ent.Name()] = data
	}
	return code, nil
}

// ValidateExtra holds the instructor's own checks (Extra) to the rules
// before anything is graded: every folder names an exercise, every file in
// it is a check script NAME_BEHAVIOUR.txtar that parses, and no check,
// test or file clashes with the workbook's own. The error names the file
// and says what to do.
func (c *Catalog) ValidateExtra() error {
	entries, err := os.ReadDir(c.Extra)
	if err != nil {
		return fmt.Errorf("-scripts %s: %w", c.Extra, err)
	}
	var names []string
	for _, e := range c.Exercises {
		names = append(names, e.Name)
	}
	for _, ent := range entries {
		where := filepath.Join(c.Extra, ent.Name())
		if !ent.IsDir() {
			return fmt.Errorf("-scripts: %s is not a folder: hidden checks go in %s/NAME/NAME_BEHAVIOUR.txtar", where, c.Extra)
		}
		e, err := c.Lookup(ent.Name())
		if err != nil || e.Name != ent.Name() {
			return fmt.Errorf("-scripts: %s names no exercise (the folders are named %s)", where, strings.Join(names, ", "))
		}
		files, err := os.ReadDir(where)
		if err != nil {
			return fmt.Errorf("-scripts: %w", err)
		}
		if len(files) == 0 {
			return fmt.Errorf("-scripts: %s holds no check", where)
		}
		for _, f := range files {
			if f.IsDir() || !scripts.IsScript(e.Name, f.Name()) {
				return fmt.Errorf("-scripts: %s is not a check script: name it %s_BEHAVIOUR.txtar (as %s_runall_waits.txtar)", filepath.Join(where, f.Name()), e.Name, e.Name)
			}
		}
		list, err := c.Scripts(e)
		if err != nil {
			return err
		}
		kit, err := c.Kit(e)
		if err != nil {
			return err
		}
		if err := scripts.Validate(list, kit); err != nil {
			return fmt.Errorf("-scripts %s: %w", where, err)
		}
	}
	return nil
}

// Scripts loads the checks of e in teaching order: the workbook's in the
// manifest's order (any it does not list after them, by name), then the
// instructor's, by name.
func (c *Catalog) Scripts(e Exercise) ([]*scripts.Script, error) {
	list, err := scripts.Load(c.checks, path.Join("testdata", e.Name), e.Name)
	if err != nil {
		return nil, err
	}
	rank := map[string]int{}
	for i, name := range e.Order {
		rank[name] = i + 1
	}
	sort.SliceStable(list, func(i, j int) bool {
		ri, rj := rank[list[i].Name], rank[list[j].Name]
		if ri == 0 || rj == 0 {
			return ri != 0 && rj == 0
		}
		return ri < rj
	})
	if c.Extra == "" {
		return list, nil
	}
	extra := os.DirFS(c.Extra)
	if _, err := fs.Stat(extra, e.Name); err != nil {
		return list, nil
	}
	more, err := scripts.Load(extra, e.Name, e.Name)
	if err != nil {
		return nil, fmt.Errorf("-scripts: %w", err)
	}
	for _, s := range more {
		s.Extra = true
	}
	seen := map[string]bool{}
	for _, s := range list {
		seen[s.Name] = true
	}
	for _, s := range more {
		if seen[s.Name] {
			return nil, fmt.Errorf("-scripts: %s/%s has the same name as a workbook check", e.Name, s.File)
		}
	}
	return append(list, more...), nil
}

// Kit returns e's kit: the Go test code every build of e's checks gets
// (testdata/NAME/kit_test.go), file name to content; none when e has none.
func (c *Catalog) Kit(e Exercise) (map[string][]byte, error) {
	data, err := fs.ReadFile(c.checks, path.Join("testdata", e.Name, scripts.KitFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the kit of %s: %w", e.ID, err)
	}
	return map[string][]byte{scripts.KitFile: data}, nil
}

// Hints returns e's hints, in the order they are revealed. hints.md holds
// them as sections separated by lines of three dashes.
func (c *Catalog) Hints(e Exercise) ([]string, error) {
	data, err := fs.ReadFile(c.checks, path.Join("testdata", e.Name, "hints.md"))
	if err != nil {
		return nil, fmt.Errorf("read hints of %s: %w", e.ID, err)
	}
	var hints []string
	for _, h := range strings.Split(string(data), "\n---\n") {
		if h = strings.TrimSpace(h); h != "" {
			hints = append(hints, h)
		}
	}
	return hints, nil
}

// Stub returns the pristine stub of e (file name to content), as the
// workbook shipped it, from testdata/NAME/stub.txtar.
func (c *Catalog) Stub(e Exercise) (map[string][]byte, error) {
	return readStub(c.checks, e.Name)
}

// ErrNotWorkbook says that no workbook was found above a directory.
var ErrNotWorkbook = errors.New("not inside the Go concurrency workbook (no go.mod for " + ModulePath + " here or above): cd into your copy of the workbook")

// FindRoot walks up from dir to the go.mod of the workbook.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && IsWorkbookMod(data) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotWorkbook
		}
		dir = parent
	}
}

// IsWorkbookMod reports whether a go.mod is the workbook's.
func IsWorkbookMod(gomod []byte) bool {
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" && strings.Trim(f[1], `"`) == ModulePath {
			return true
		}
	}
	return false
}
