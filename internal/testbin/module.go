package testbin

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/workbook/internal/target"
)

//go:embed checkkit/*.go checkkit/protocol/*.go
var kitFS embed.FS

// ModulePath is the module path of every check build. A target package is
// imported as ModulePath/NAME, the kit as ModulePath/checkkit; the checks
// of exercise NAME are compiled as the package ModulePath/checks/NAME. A
// build may hold several versions of one exercise (known-wrong submissions,
// mutants), each under a folder of its own: ModulePath/DIR/NAME, its checks
// ModulePath/checks/DIR/NAME importing it there.
const ModulePath = "check"

// kitImport is the kit's import path in the workbook; in a check build it
// becomes ModulePath + "/checkkit".
const kitImport = "github.com/goconcurrency/workbook/internal/testbin/checkkit"

// ChecksDir is the folder, in a check build, of the checks of each exercise.
const ChecksDir = "checks"

// runDir is the folder of the generated test package that runs every check.
const runDir = "run"

// Unit is one exercise in a check build: the code under check and the
// checks' Go test code, check by check.
type Unit struct {
	Package string // the exercise's package name, "sumthread"
	// Variant, when several versions of one exercise share a build, keeps
	// them apart: the code sits at Variant/Package. "" for the usual one.
	Variant string
	Code    target.Code // the code under check
	// Checks maps each check's name to its test files (file name to
	// content): `package NAME_test` files as a script carries them.
	Checks map[string]map[string][]byte
	// Tests maps each check's name to its Test functions, in the order
	// they are to run.
	Tests map[string][]string
	// Order lists the check names in the order their tests run.
	Order []string
	// Shared are the test files every check of the exercise needs (its kit).
	Shared map[string][]byte
	// Count is how many times in a row each test runs; 0 means Options.Count.
	Count int
	// Stub is code that compiles with the checks and is the same for every
	// learner (the exercise's stub), or nil. The helper build (the checks'
	// own children, which never call the code under check: RegisterHelper)
	// is made with it in place of Code, so that it is one binary for every
	// submission and every edit, linked once and then taken from the
	// binary cache.
	Stub target.Code
}

// standIn is u with its Stub as its code, for the helper build: u itself
// when it has no Stub.
func (u *Unit) standIn() *Unit {
	if len(u.Stub) == 0 {
		return u
	}
	c := *u
	c.Code = u.Stub
	return &c
}

// CheckFile is the name a check's test file gets in a check build: the
// checks are compiled as an ordinary package (so that one test binary can
// hold several exercises), so "_test.go" becomes "_check.go".
func CheckFile(name string) string {
	return strings.TrimSuffix(name, "_test.go") + "_check.go"
}

// Dir is where u's code sits in the build, relative to the module root:
// "sumthread", or "w3/sumthread" for a variant.
func (u *Unit) Dir() string {
	if u.Variant == "" {
		return u.Package
	}
	return u.Variant + "/" + u.Package
}

// TestName is the name under which a check's Test function of u runs in a
// check build: the unit keeps tests of different exercises apart.
func (u *Unit) TestName(test string) string {
	return "Test_" + strings.ReplaceAll(u.Dir(), "/", "_") + "_" + strings.TrimPrefix(test, "Test")
}

// bareName is the name a test of u has in its check's code: TestName
// undone.
func (u *Unit) bareName(test string) string {
	return "Test" + strings.TrimPrefix(test, "Test_"+strings.ReplaceAll(u.Dir(), "/", "_")+"_")
}

// layout is a check build's files, path (slash-separated, relative to the
// module root) to content.
type layout map[string][]byte

// WriteModule writes the check build of units into dir: go.mod and go.sum,
// the kit, each unit's target and checks, and the run package whose
// TestMain and wrappers run every check.
func WriteModule(dir string, gosum []byte, units []*Unit) error {
	files := layout{
		"go.mod": fmt.Appendf(nil, "module %s\n\ngo 1.26\n\nrequire github.com/google/go-cmp v0.7.0\n", ModulePath),
		"go.sum": gosum,
	}
	if err := addKit(files); err != nil {
		return err
	}
	for _, u := range units {
		for n, data := range u.Code {
			files[u.Dir()+"/"+n] = data
		}
		checks := ChecksDir + "/" + u.Dir() + "/"
		imp := []byte(strconv.Quote(ModulePath + "/" + u.Package))
		moved := []byte(strconv.Quote(ModulePath + "/" + u.Dir()))
		for n, data := range u.Shared {
			files[checks+CheckFile(n)] = bytes.ReplaceAll(data, imp, moved)
		}
		for _, name := range u.Order {
			for n, data := range u.Checks[name] {
				files[checks+CheckFile(n)] = bytes.ReplaceAll(data, imp, moved)
			}
		}
	}
	files[runDir+"/run_test.go"] = runPackage(units)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return fmt.Errorf("write check build: %w", err)
		}
	}
	return nil
}

// addKit adds the kit (without its own tests) to files, its imports of
// itself rewritten to the check build's module path.
func addKit(files layout) error {
	return fs.WalkDir(kitFS, "checkkit", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := kitFS.ReadFile(p)
		if err != nil {
			return err
		}
		files[p] = bytes.ReplaceAll(data, []byte(`"`+kitImport), []byte(`"`+ModulePath+"/checkkit"))
		return nil
	})
}

// runPackage generates the test package that runs every check: its
// TestMain is the kit's, and one wrapper per Test function calls the
// function in its exercise's checks package, in each unit's order.
func runPackage(units []*Unit) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by the checker. DO NOT EDIT.\n\npackage run_test\n\nimport (\n\t\"testing\"\n\n\t\"" + ModulePath + "/checkkit\"\n")
	for _, u := range units {
		fmt.Fprintf(&b, "\t%s %q\n", u.alias(), path.Join(ModulePath, ChecksDir, u.Dir()))
	}
	b.WriteString(")\n\nfunc TestMain(m *testing.M) { checkkit.Main(m) }\n")
	for _, u := range units {
		for _, name := range u.Order {
			for _, test := range u.Tests[name] {
				fmt.Fprintf(&b, "\nfunc %s(t *testing.T) {\n\tdefer checkkit.Record(t)()\n\t%s.%s(t)\n}\n", u.TestName(test), u.alias(), test)
			}
		}
	}
	return b.Bytes()
}

// alias is the name the run package imports u's checks under.
func (u *Unit) alias() string { return "checks_" + strings.ReplaceAll(u.Dir(), "/", "_") }
