package testbin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/target"
)

// scratchRoot holds the builds that several tests share; TestMain removes it.
var scratchRoot string

func TestMain(m *testing.M) {
	sandbox.Main() // the launcher of the sandboxed test processes
	dir, err := os.MkdirTemp("", "testbin-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Chmod(dir, 0o711) // a sandboxed run's own uid must reach its binary
	scratchRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	toolchainOnce sync.Once
	toolchain     *Toolchain
	toolchainErr  error
)

// needGo skips t with -short, and otherwise returns the local toolchain.
func needGo(t *testing.T) *Toolchain {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs test binaries")
	}
	toolchainOnce.Do(func() { toolchain, toolchainErr = FindToolchain(context.Background()) })
	if toolchainErr != nil {
		t.Fatalf("FindToolchain: %v", toolchainErr)
	}
	return toolchain
}

// testOptions are the options of a check build and run in these tests.
func testOptions(t *testing.T, timeout time.Duration) *Options {
	t.Helper()
	tc := needGo(t)
	sum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	// The runner's own behaviour, without the sandbox (which has tests of
	// its own, and which the checker's hostile goldens run under).
	return &Options{Go: tc, GoSum: sum, Timeout: timeout, Jobs: jobs, TempDir: scratchRoot, Sandbox: sandbox.Off}
}

// jobs bounds the test processes of all the tests at once (2 CPUs, shared).
var jobs = make(chan struct{}, 2)

// tinyCode is the code under check of package tiny: Hello, and more in a
// file of its own when more is not "".
func tinyCode(more string) target.Code {
	code := target.Code{"tiny.go": []byte("package tiny\n\n// Hello greets.\nfunc Hello() string { return \"hello\" }\n")}
	if more != "" {
		code["more.go"] = []byte("package tiny\n" + more)
	}
	return code
}

// check is one check of a tiny unit: its test functions' source (package
// tiny_test, importing "testing" and "check/tiny" and the imports listed)
// and the names of its tests.
type check struct {
	name    string
	imports []string
	src     string
	tests   []string
}

// testFile is the test file of c, as a script carries it.
func (c check) testFile() []byte {
	var b strings.Builder
	b.WriteString("package tiny_test\n\nimport (\n\t\"testing\"\n\n\t\"check/tiny\"\n")
	for _, imp := range c.imports {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	b.WriteString(")\n\nvar _ = tiny.Hello\n\n")
	b.WriteString(c.src)
	return []byte(b.String())
}

// tinyUnit is a unit of package tiny with code and checks, in that order.
func tinyUnit(variant string, code target.Code, checks ...check) *Unit {
	u := &Unit{Package: "tiny", Variant: variant, Code: code,
		Checks: map[string]map[string][]byte{}, Tests: map[string][]string{}}
	for _, c := range checks {
		u.Order = append(u.Order, c.name)
		u.Checks[c.name] = map[string][]byte{c.name + "_test.go": c.testFile()}
		u.Tests[c.name] = c.tests
	}
	return u
}

// build builds units in a fresh folder; a unit that did not compile is an
// Exclusion, not an error.
func build(t *testing.T, opts *Options, units ...*Unit) (*Binary, []Exclusion) {
	t.Helper()
	dir, err := os.MkdirTemp(scratchRoot, "build-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	bin, excluded, err := Build(ctx, opts, dir, units)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("build of %s: %v", filepath.Base(dir), time.Since(start).Round(time.Millisecond))
	return bin, excluded
}

// names are the binary's names of u's tests, by their Test function names.
func names(u *Unit, tests ...string) []string {
	out := make([]string, len(tests))
	for i, test := range tests {
		out[i] = u.TestName(test)
	}
	return out
}

// runTests runs tests (names as the binary knows them) of u in bin.
func runTests(t *testing.T, opts *Options, bin *Binary, u *Unit, tests []string, stop Stop) *Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := RunTests(ctx, opts, bin, u, tests, stop)
	if err != nil {
		t.Fatalf("RunTests(%v): %v", tests, err)
	}
	return run
}

// actions lists the top-level test actions (run, pass, fail, skip) in
// events, as "ACTION TEST".
func actions(events []Event) []string {
	var out []string
	for _, ev := range events {
		switch ev.Action {
		case "run", "pass", "fail", "skip":
			if ev.Test != "" && !strings.Contains(ev.Test, "/") {
				out = append(out, ev.Action+" "+ev.Test)
			}
		}
	}
	return out
}

// lastAction is test's last run, pass, fail or skip in events, or "".
func lastAction(events []Event, test string) string {
	last := ""
	for _, ev := range events {
		if ev.Test == test && (ev.Action == "run" || ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip") {
			last = ev.Action
		}
	}
	return last
}

// describe sums up a run for a failure message.
func describe(run *Run) string {
	var b strings.Builder
	for i, p := range run.Processes {
		fmt.Fprintf(&b, "process %d: tests %v exit %d overran %q flooded %v truncated %v leftover %v in %v\n  actions %v\n",
			i, p.Tests, p.ExitCode, p.Overran, p.Flooded, p.Truncated, p.Leftover, p.Duration.Round(time.Millisecond), actions(p.Events))
	}
	var by []string
	for test, p := range run.By {
		by = append(by, fmt.Sprintf("%s→process %d", test, processIndex(run, p)))
	}
	sort.Strings(by)
	fmt.Fprintf(&b, "by: %v", by)
	return b.String()
}

// processIndex is p's index in run.Processes, -1 when not there.
func processIndex(run *Run, p *Process) int {
	for i, q := range run.Processes {
		if q == p {
			return i
		}
	}
	return -1
}
