// Package scripts loads an exercise's checks (testscript scripts in txtar
// form) and runs them with testscript, outside `go test`: the Go test code of
// every script is compiled once, with the exercise's kit, into one test
// binary, and each script's `gotest` command takes its own tests' outcome
// from the run of that binary.
package scripts

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Script is one check: a txtar file whose comment opens with the check's
// title in the learner's words and whose files carry its Go test code.
type Script struct {
	Name   string   // the check's name, "runall-concurrent"
	File   string   // file name, "sumthread_runall_concurrent.txtar"
	Stem   string   // file name without .txtar
	Title  string   // the first comment line, without "# "
	Points int      // "# points: N" in the comment, else 1
	Tests  []string // the Test functions its _test.go files define, in source order
	// Visibility is "" (shown to the learner), "hidden" or "after_due_date":
	// "# visibility: hidden" in the comment.
	Visibility string
	// Extra marks an instructor's own check (-scripts), not the workbook's.
	Extra bool
	Data  []byte

	testFiles map[string][]byte
}

// The visibilities a script may declare.
const (
	Hidden       = "hidden"
	AfterDueDate = "after_due_date"
)

var (
	pointsLine     = regexp.MustCompile(`(?m)^#\s*points:\s*(\S*)\s*$`)
	visibilityLine = regexp.MustCompile(`(?m)^#\s*visibility:\s*(\S*)\s*$`)
)

// IsScript reports whether a file name in testdata/NAME is one of the
// exercise's check scripts (NAME_behaviour.txtar).
func IsScript(exercise, file string) bool {
	return strings.HasPrefix(file, exercise+"_") && strings.HasSuffix(file, ".txtar")
}

// Load reads the scripts of exercise from dir in fsys, sorted by file name.
func Load(fsys fs.FS, dir, exercise string) ([]*Script, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read checks of %s: %w", exercise, err)
	}
	var out []*Script
	for _, e := range entries {
		if e.IsDir() || !IsScript(exercise, e.Name()) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		s, err := Parse(exercise, e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no checks for %s in %s", exercise, dir)
	}
	return out, nil
}

// Parse reads one script.
func Parse(exercise, file string, data []byte) (*Script, error) {
	a := txtar.Parse(data)
	stem := strings.TrimSuffix(file, ".txtar")
	s := &Script{
		File:      file,
		Stem:      stem,
		Name:      strings.ReplaceAll(strings.TrimPrefix(stem, exercise+"_"), "_", "-"),
		Points:    1,
		Data:      data,
		testFiles: map[string][]byte{},
	}
	first, _, _ := strings.Cut(string(a.Comment), "\n")
	if !strings.HasPrefix(first, "# ") {
		return nil, fmt.Errorf("%s: the script must open with a '# ' line saying what it checks", file)
	}
	s.Title = strings.TrimSpace(strings.TrimPrefix(first, "# "))
	if m := pointsLine.FindSubmatch(a.Comment); m != nil {
		n, err := strconv.Atoi(string(m[1]))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s: '# points: %s' is not a whole number of points", file, m[1])
		}
		s.Points = n
	}
	if m := visibilityLine.FindSubmatch(a.Comment); m != nil {
		switch v := string(m[1]); v {
		case "visible":
		case Hidden, AfterDueDate:
			s.Visibility = v
		default:
			return nil, fmt.Errorf("%s: '# visibility: %s' is not one of visible, %s, %s", file, v, Hidden, AfterDueDate)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*gotest\b`).Match(a.Comment) {
		return nil, fmt.Errorf("%s: the script never runs its tests (no gotest line)", file)
	}
	for _, f := range a.Files {
		if !strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		if strings.Contains(f.Name, "/") {
			return nil, fmt.Errorf("%s: test file %s must sit at the top of the archive", file, f.Name)
		}
		tests, err := testFuncs(f.Name, f.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		s.Tests = append(s.Tests, tests...)
		s.testFiles[f.Name] = f.Data
	}
	if len(s.Tests) == 0 {
		return nil, fmt.Errorf("%s: no Test functions in its _test.go files", file)
	}
	return s, nil
}

// testFuncs lists the top-level Test functions of a test file.
func testFuncs(name string, src []byte) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	var tests []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") || fd.Name.Name == "TestMain" {
			continue
		}
		tests = append(tests, fd.Name.Name)
	}
	return tests, nil
}

// Files returns the script's Go test files, file name to content.
func (s *Script) Files() map[string][]byte { return s.testFiles }

// Validate holds an exercise's scripts and its shared test files (the kit)
// to the rule that each script is its own check and nothing else: no test
// file name is used twice, and no Test function is defined twice.
func Validate(list []*Script, shared map[string][]byte) error {
	fileOwner := map[string]string{}
	for n := range shared {
		fileOwner[n] = "the exercise's kit"
	}
	testOwner := map[string]string{}
	for n, data := range shared {
		tests, err := testFuncs(n, data)
		if err != nil {
			return fmt.Errorf("the exercise's kit: %w", err)
		}
		if len(tests) > 0 {
			return fmt.Errorf("the exercise's kit %s defines %s: Test functions belong in a check's script", n, strings.Join(tests, ", "))
		}
	}
	for _, s := range list {
		for _, t := range s.Tests {
			if other, dup := testOwner[t]; dup {
				return fmt.Errorf("test %s is defined in both %s and %s: Test names must be unique across an exercise's checks", t, other, s.File)
			}
			testOwner[t] = s.File
		}
		for n := range s.testFiles {
			if other, dup := fileOwner[n]; dup {
				return fmt.Errorf("%s has a file %s, as %s does: each check carries only its own files (what checks share goes in the kit, testdata/NAME/%s)", s.File, n, other, KitFile)
			}
			fileOwner[n] = s.File
		}
	}
	return nil
}

// KitFile is the name of an exercise's kit in testdata/NAME: Go test code
// that the checker adds to every build of the exercise's checks.
const KitFile = "kit_test.go"
