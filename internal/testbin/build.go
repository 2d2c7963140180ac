// Package testbin builds the checks of one or more exercises, with the code
// under check, into a single race-enabled test binary, and runs its tests
// in process groups of their own: each test under its own time limit,
// output capped, every process the learner's code started killed, and the
// run read back as test2json events.
package testbin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// Binary is a compiled check binary.
type Binary struct {
	Path string // the executable
	// Helpers is the same checks built without the race detector, from
	// which the children registered with checkkit.RegisterHelper run
	// (protocol.HelperEnv); "" when no unit registers one, or when that
	// build failed (they then run from Path, as any child).
	Helpers string
	Dir     string // the build module's root
	Units   []*Unit
}

// Exclusion is a part of a build that did not compile and was left out of
// the binary: a whole unit (Check is "") or one check of it.
type Exclusion struct {
	Unit   *Unit
	Check  string // "" when the unit's code (or its shared test files) does not compile
	Output string // what the compiler said about it, with the build's paths
}

// MachineError is a build that failed for a reason of the machine, not of
// the code: a module the checks need is missing from the module cache
// while the network is off, say.
type MachineError struct{ Msg string }

func (e *MachineError) Error() string { return e.Msg }

// Build compiles units into one test binary in dir (an empty folder). A
// unit whose code does not compile is left out, and so is each check whose
// test files do not compile against the code (a function it calls is
// missing or has another signature): the rest still build, so the checks
// that can run still score. The binary is nil when nothing compiled.
// Errors are the checker's own or the machine's (*MachineError).
func Build(ctx context.Context, opts *Options, dir string, units []*Unit) (*Binary, []Exclusion, error) {
	if opts.Building != nil {
		var names []string
		seen := map[string]bool{}
		for _, u := range units {
			if !seen[u.Package] {
				seen[u.Package] = true
				names = append(names, u.Package)
			}
		}
		defer opts.Building(strings.Join(names, ", "))()
	}
	// Find test2json while the build runs: it is off the critical path then.
	go opts.Go.Test2JSON(ctx)
	// A sandboxed test process runs as a uid of its own (as root): it must
	// reach its binary, though it may not list the folders above it.
	if err := os.MkdirAll(dir, 0o711); err != nil {
		return nil, nil, err
	}
	if err := os.Chmod(dir, 0o711); err != nil {
		return nil, nil, err
	}
	var excluded []Exclusion
	var live []*Unit
	for _, u := range units {
		if msg := cgoUse(u); msg != "" {
			excluded = append(excluded, Exclusion{Unit: u, Output: msg})
			continue
		}
		live = append(live, u)
	}
	for attempt := 0; len(live) > 0; attempt++ {
		mod := filepath.Join(dir, fmt.Sprintf("b%d", attempt))
		if err := WriteModule(mod, opts.GoSum, live); err != nil {
			return nil, nil, err
		}
		bin := &Binary{Path: filepath.Join(mod, "checks.test"), Dir: mod, Units: live}
		if usesHelpers(live) {
			bin.Helpers = filepath.Join(mod, "helpers.test")
		}
		out, err := compile(ctx, opts, bin)
		if err == nil {
			return bin, excluded, nil
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return nil, nil, fmt.Errorf("go test -c: %w", err)
		}
		if m := machineFault(out); m != "" {
			return nil, nil, &MachineError{Msg: m}
		}
		more, next := attribute(out, live)
		if len(more) == 0 {
			// Nothing to leave out: every unit fails with what was said.
			for _, u := range live {
				excluded = append(excluded, Exclusion{Unit: u, Output: out})
			}
			return nil, excluded, nil
		}
		excluded = append(excluded, more...)
		live = next
	}
	return nil, excluded, nil
}

// cgoUse says, as the compiler would, where u's code imports "C", or "".
// Cgo would hand the learner's C preamble and #cgo flags to the C compiler
// at build time, on the grader's machine and outside the sandbox; no
// exercise needs it, so such code is not built at all.
func cgoUse(u *Unit) string {
	fset := token.NewFileSet()
	var b strings.Builder
	for _, name := range u.Code.Names() {
		f, err := parser.ParseFile(fset, name, u.Code[name], parser.ImportsOnly)
		if err != nil {
			continue // the compiler says what is wrong with it
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"C"` {
				p := fset.Position(imp.Path.Pos())
				fmt.Fprintf(&b, "%s/%s:%d:%d: import \"C\" (cgo) is not allowed: the checks run no C compiler on your code; write it in Go\n",
					u.Dir(), name, p.Line, p.Column)
			}
		}
	}
	return b.String()
}

// compileArgs are the arguments of go test -c for a check build.
var compileArgs = []string{"test", "-c", "-race", "-vet=off", "-trimpath",
	// No symbol table or DWARF: traces and race reports do not need them,
	// and the link is a third faster.
	"-ldflags=-s -w",
	// No inlining in the build's own packages: the learner's functions are
	// not inlined into the checks that call them (nor anything into them),
	// so every frame of a trace names the learner's true function and line.
	"-gcflags=" + ModulePath + "/...=-l",
	"./" + runDir}

// helperArgs are the arguments of go test -c for a helper build: the
// same checks without the race detector.
var helperArgs = []string{"test", "-c", "-vet=off", "-trimpath", "-ldflags=-s -w", "./" + runDir}

// usesHelpers reports whether the checks of any of units register a helper
// child (checkkit.RegisterHelper).
func usesHelpers(units []*Unit) bool {
	marked := func(files map[string][]byte) bool {
		for _, src := range files {
			if bytes.Contains(src, []byte(protocol.HelperMark)) {
				return true
			}
		}
		return false
	}
	for _, u := range units {
		if marked(u.Shared) {
			return true
		}
		for _, files := range u.Checks {
			if marked(files) {
				return true
			}
		}
	}
	return false
}

// compile runs go test -c on the module in bin.Dir, writing bin.Path, and
// returns what it said; with bin.Helpers set, it builds the helper binary
// beside it at the same time, from the units' stand-ins (Unit.Stub). A
// helper build that fails only clears bin.Helpers. A binary built before
// from the very same files is taken from the binary cache instead.
func compile(ctx context.Context, opts *Options, bin *Binary) (string, error) {
	files, ferr := moduleHash(bin.Dir)
	helper := make(chan bool, 1)
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if bin.Helpers != "" {
		// The helpers' own module holds each unit's stand-in code: its
		// binary is the same for every submission of the same checks.
		go func() {
			hmod := bin.Dir + "-helpers"
			var standIns []*Unit
			for _, u := range bin.Units {
				standIns = append(standIns, u.standIn())
			}
			if err := WriteModule(hmod, opts.GoSum, standIns); err != nil {
				helper <- false
				return
			}
			hfiles, herr := moduleHash(hmod)
			_, err := compileOne(hctx, opts, hmod, bin.Helpers, helperArgs, hfiles, herr)
			helper <- err == nil
		}()
	} else {
		helper <- false
	}
	out, err := compileOne(ctx, opts, bin.Dir, bin.Path, compileArgs, files, ferr)
	if err != nil {
		cancel()
	}
	if !<-helper {
		bin.Helpers = ""
	}
	return out, err
}

// compileOne runs go with args (go test -c …, with -o exe added) in mod
// and returns what it said, or takes the binary from the binary cache
// under the key of files (moduleHash's) and args.
func compileOne(ctx context.Context, opts *Options, mod, exe string, args []string, files string, ferr error) (string, error) {
	key := buildKey(files, args, opts.Go)
	if ferr == nil && fromCache(key, exe) {
		return "", nil
	}
	cmd := opts.Go.Command(ctx, append([]string{args[0], "-o", exe}, args[1:]...)...)
	cmd.Dir = mod
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil && ferr == nil {
		toCache(key, exe)
	}
	return out.String(), err
}

// errorLine is a compiler message about a file of the build.
var errorLine = regexp.MustCompile(`(?m)^(?:\./)?([^\s:]+\.go):\d+(?::\d+)?: `)

// attribute reads which units and checks the compiler complained about and
// returns them as exclusions, with the units left to build (without the
// failing checks). It returns no exclusions when it cannot tell.
func attribute(out string, units []*Unit) ([]Exclusion, []*Unit) {
	byDir := map[string]*Unit{}
	for _, u := range units {
		byDir[u.Dir()] = u
	}
	// Every line about one file goes with that file's owner.
	lines := map[string][]string{} // owner key -> lines
	var order []string
	owner := ""
	for _, line := range strings.Split(out, "\n") {
		if m := errorLine.FindStringSubmatch(line); m != nil {
			owner = ownerOf(m[1], byDir)
		} else if strings.HasPrefix(line, "#") || line == "" || strings.HasPrefix(line, "FAIL") {
			continue
		}
		if owner == "" {
			continue
		}
		if _, seen := lines[owner]; !seen {
			order = append(order, owner)
		}
		lines[owner] = append(lines[owner], line)
	}
	if len(order) == 0 {
		return nil, nil
	}
	whole := map[string]bool{}
	failing := map[string]map[string]bool{}
	var excluded []Exclusion
	for _, key := range order {
		pkg, check, _ := strings.Cut(key, " ")
		if pkg == runDir {
			return nil, nil // the generated package: nothing the learner can fix
		}
		excluded = append(excluded, Exclusion{Unit: byDir[pkg], Check: check, Output: strings.Join(lines[key], "\n") + "\n"})
		if check == "" {
			whole[pkg] = true
			continue
		}
		if failing[pkg] == nil {
			failing[pkg] = map[string]bool{}
		}
		failing[pkg][check] = true
	}
	var next []*Unit
	for _, u := range units {
		if whole[u.Dir()] {
			continue
		}
		if failing[u.Dir()] == nil {
			next = append(next, u)
			continue
		}
		keep := *u
		keep.Order = nil
		for _, name := range u.Order {
			if !failing[u.Dir()][name] {
				keep.Order = append(keep.Order, name)
			}
		}
		if len(keep.Order) > 0 {
			next = append(next, &keep)
		}
	}
	// A check whose unit was left out whole is not excluded on its own.
	var out2 []Exclusion
	for _, e := range excluded {
		if e.Check == "" || !whole[e.Unit.Dir()] {
			out2 = append(out2, e)
		}
	}
	return out2, next
}

// ownerOf names who owns a file of the build: "DIR" for a unit's code or
// shared test files, "DIR CHECK" for a check's test file, "run" for the
// generated package, "" for none.
func ownerOf(file string, byDir map[string]*Unit) string {
	file = filepath.ToSlash(file)
	dir, base := path.Split(file)
	dir = strings.TrimSuffix(dir, "/")
	if u := byDir[dir]; u != nil {
		return dir
	}
	if rest, ok := strings.CutPrefix(dir, ChecksDir+"/"); ok && byDir[rest] != nil {
		u := byDir[rest]
		for name, files := range u.Checks {
			for n := range files {
				if CheckFile(n) == base {
					return rest + " " + name
				}
			}
		}
		return rest
	}
	if dir == runDir {
		return runDir
	}
	return ""
}

// machineFault says, in one line, why a build failed for a reason of the
// machine rather than the code, or "".
func machineFault(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, "GOPROXY=off") && !strings.Contains(line, "missing go.sum entry") {
			continue
		}
		if m := regexp.MustCompile(`(github\.com/google/go-cmp|golang\.org/x/\S+?)@(\S+?):`).FindStringSubmatch(line); m != nil {
			return fmt.Sprintf("the Go module cache lacks %s@%s, which the checks need, and checks run offline: run `go mod download` in the workbook once with the network on", m[1], m[2])
		}
	}
	if strings.Contains(out, "no space left on device") {
		return "the disk is full: the check build could not be written (" + firstMatch(out, "no space left on device") + ")"
	}
	return ""
}

// firstMatch is the first line of out holding s.
func firstMatch(out, s string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, s) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
