// Package scripts loads an exercise's checks (testscript scripts in txtar
// form) and runs them against a target with testscript, outside `go test`:
// the Go test code of every script is compiled once into one test binary, and
// each script's `gotest` command runs its own tests from it.
package scripts

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"sort"
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
	Tests  []string // the Test functions its _test.go files define
	Data   []byte

	testFiles map[string][]byte
}

var pointsLine = regexp.MustCompile(`(?m)^#\s*points:\s*(\d+)\s*$`)

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
		s.Points, _ = strconv.Atoi(string(m[1]))
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
	sort.Strings(s.Tests)
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

// TestFiles merges the test files of scripts into one set for a single
// build. A file may appear in several scripts (a shared helper) only with
// identical content; test names must be unique across scripts.
func TestFiles(list []*Script) (map[string][]byte, error) {
	files := map[string][]byte{}
	from := map[string]string{}
	testOwner := map[string]string{}
	for _, s := range list {
		for _, t := range s.Tests {
			if other, dup := testOwner[t]; dup && other != s.File {
				return nil, fmt.Errorf("test %s is defined in both %s and %s", t, other, s.File)
			}
			testOwner[t] = s.File
		}
		for name, data := range s.testFiles {
			if old, ok := files[name]; ok && !bytes.Equal(old, data) {
				return nil, fmt.Errorf("%s in %s differs from %s in %s: a file shared by scripts must be identical", name, s.File, name, from[name])
			}
			files[name] = data
			from[name] = s.File
		}
	}
	return files, nil
}
