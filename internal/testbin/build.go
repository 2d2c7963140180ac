// Package testbin builds one race-enabled test binary for an exercise's checks
// and runs it, a few tests at a time, in a process group of its own: time
// limits kill every process the learner's code started, output is capped, and
// the run is read back as test2json events.
package testbin

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed checkkit/*.go
var kitFS embed.FS

// ModulePath is the module path of every check build; the target package is
// imported as ModulePath + "/" + package name, the kit as ModulePath + "/checkkit".
const ModulePath = "check"

// BuildConfig describes one check build: a target package and the checks'
// test files, compiled together into a single test binary.
type BuildConfig struct {
	// Package is the target's package directory name ("sumthread").
	Package string
	// TargetDir holds the target's sources; only its non-test .go files are used.
	TargetDir string
	// TestFiles maps file names to the checks' Go test code.
	TestFiles map[string][]byte
	// Dir is an empty directory to build in.
	Dir string
	// GoSum is the workbook's go.sum, so the build resolves its modules offline.
	GoSum []byte
	// Go is the toolchain to build with.
	Go *Toolchain
}

// CompileError is the compiler's (or the go command's) complaint about the
// target or the checks, as printed, with the build's paths.
type CompileError struct {
	Output string
}

func (e *CompileError) Error() string { return "build failed:\n" + e.Output }

// Binary is a compiled check binary.
type Binary struct {
	Path    string // the executable
	Package string // the target's package directory name
	Dir     string // the build module's root
}

// TargetFiles returns the names of the non-test .go files in dir, sorted.
func TargetFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// CopyTarget copies the non-test .go files of src into dst (created).
func CopyTarget(src, dst string) error {
	names, err := TargetFiles(src)
	if err != nil {
		return fmt.Errorf("read target %s: %w", src, err)
	}
	if len(names) == 0 {
		return fmt.Errorf("target %s holds no .go files", src)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			return fmt.Errorf("copy %s: %w", n, err)
		}
		if err := os.WriteFile(filepath.Join(dst, n), data, 0o644); err != nil {
			return fmt.Errorf("copy %s: %w", n, err)
		}
	}
	return nil
}

// mainTest is the generated TestMain: children registered with the kit run
// in place of the tests when the binary is started as a child.
const mainTest = `package %s_test

import (
	"testing"

	"check/checkkit"
)

func TestMain(m *testing.M) { checkkit.Main(m) }
`

// Compile writes the build module and compiles the test binary with the race
// detector. A *CompileError is returned when the code does not compile.
func Compile(ctx context.Context, cfg BuildConfig) (*Binary, error) {
	if err := WriteModule(cfg); err != nil {
		return nil, err
	}
	exe := filepath.Join(cfg.Dir, cfg.Package+".test")
	// No inlining in the learner's package: its frames then name true lines.
	cmd := cfg.Go.Command(ctx, "test", "-c", "-race", "-trimpath",
		"-gcflags="+ModulePath+"/"+cfg.Package+"=-l", "-o", exe, "./"+cfg.Package)
	cmd.Dir = cfg.Dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil, &CompileError{Output: out.String()}
		}
		return nil, fmt.Errorf("run go test -c: %w", err)
	}
	return &Binary{Path: exe, Package: cfg.Package, Dir: cfg.Dir}, nil
}

// WriteModule writes the build module of cfg into cfg.Dir: the target, the
// checks' test files, the kit and a generated TestMain. `go test` runs in it
// as it is (the benchmark compares with that).
func WriteModule(cfg BuildConfig) error {
	pkgDir := filepath.Join(cfg.Dir, cfg.Package)
	if err := CopyTarget(cfg.TargetDir, pkgDir); err != nil {
		return err
	}
	if err := writeKit(filepath.Join(cfg.Dir, "checkkit")); err != nil {
		return err
	}
	gomod := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/google/go-cmp v0.7.0\n", ModulePath)
	files := map[string][]byte{
		filepath.Join(cfg.Dir, "go.mod"):              []byte(gomod),
		filepath.Join(cfg.Dir, "go.sum"):              cfg.GoSum,
		filepath.Join(pkgDir, "zz_checkmain_test.go"): fmt.Appendf(nil, mainTest, cfg.Package),
	}
	for name, data := range cfg.TestFiles {
		files[filepath.Join(pkgDir, name)] = data
	}
	for path, data := range files {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("write build file: %w", err)
		}
	}
	return nil
}

func writeKit(dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	return fs.WalkDir(kitFS, "checkkit", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := kitFS.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, d.Name()), data, 0o644)
	})
}
