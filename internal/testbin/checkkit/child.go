package checkkit

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
)

// children maps "PACKAGE NAME" to a registered child program. One test
// binary may hold the checks of several exercises, so a child's name is
// kept apart per package of the checks that registered it.
var children = map[string]child{}

// child is a registered child program.
type child struct {
	main   func() int
	helper bool // it never runs the code under check (RegisterHelper)
}

// RegisterChild registers a child program under name: a function that runs
// in a fresh process (the test binary started again, race detector and
// all) and returns its exit code. Register children from init functions in
// the checks' test files; names need only be unique within an exercise's
// checks. A child that never calls the code under check is better
// registered with RegisterHelper.
func RegisterChild(name string, main func() int) {
	register(callerPackage()+" "+name, child{main: main})
}

// RegisterHelper registers a child program that never calls the code under
// check (a worker the checks start, a stand-in for a server): the checker
// runs it from a build of the checks without the race detector, when it
// made one (see protocol.HelperEnv), which starts some ten times faster;
// there is no code under check in it to find races in. Otherwise it is
// RegisterChild.
func RegisterHelper(name string, main func() int) {
	register(callerPackage()+" "+name, child{main: main, helper: true})
}

func register(key string, c child) {
	if _, dup := children[key]; dup {
		_, name, _ := strings.Cut(key, " ")
		panic("checkkit: child " + name + " registered twice")
	}
	children[key] = c
}

// Command returns a command that runs the registered child name as a real,
// separate process with args, like exec.Command. Its stdin, stdout and
// stderr are left for the caller to set.
func Command(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	key := callerPackage() + " " + name
	c, ok := children[key]
	if !ok {
		t.Fatalf("checkkit: no child registered as %q (have %v)", name, childNames())
	}
	exe := os.Getenv(protocol.HelperEnv)
	if !c.helper || exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			t.Fatalf("checkkit: find the test binary: %v", err)
		}
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), protocol.ChildEnv+"="+key)
	return cmd
}

// callerPackage is the import path of the package that called the kit
// function that calls it.
func callerPackage() string {
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return ""
	}
	name := runtime.FuncForPC(pc).Name() // "check/checks/squarepipe.init.0"
	slash := strings.LastIndexByte(name, '/')
	if dot := strings.IndexByte(name[slash+1:], '.'); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}

func childNames() []string {
	names := make([]string, 0, len(children))
	for n := range children {
		_, short, _ := strings.Cut(n, " ")
		names = append(names, short)
	}
	sort.Strings(names)
	return names
}

// Main is the check binary's TestMain: in a child process it runs the
// registered child and exits with its code; otherwise it runs the tests,
// reporting each test's result on the checker's results descriptor (see
// Record). The checker generates the TestMain that calls it.
func Main(m *testing.M) {
	if key := os.Getenv(protocol.ChildEnv); key != "" {
		c, ok := children[key]
		if !ok {
			fmt.Fprintf(os.Stderr, "checkkit: unknown child %q\n", key)
			os.Exit(2)
		}
		// A child's own children are not the checks' to run again.
		os.Unsetenv(protocol.ChildEnv)
		os.Exit(c.main())
	}
	if fd, err := strconv.Atoi(os.Getenv(protocol.ResultsEnv)); err == nil {
		results.f = os.NewFile(uintptr(fd), "checkkit-results")
		os.Unsetenv(protocol.ResultsEnv)
	}
	os.Exit(m.Run())
}

// results is where Record writes.
var results struct {
	sync.Mutex
	f *os.File
}

// Record reports t's result to the checker when t ends. The checker's
// generated wrapper of every check's test starts with
//
//	defer checkkit.Record(t)()
//
// A test that panics (a synctest deadlock included) is reported failed by
// the deferred call, which lets the panic go on; otherwise the result is
// reported by a cleanup that runs after the test's own cleanups, so that a
// failure in one of them counts.
func Record(t *testing.T) func() {
	var panicked atomic.Bool
	t.Cleanup(func() {
		if panicked.Load() {
			return
		}
		status := "pass"
		switch {
		case t.Failed():
			status = "fail"
		case t.Skipped():
			status = "skip"
		}
		report(status, t.Name())
	})
	return func() {
		if r := recover(); r != nil {
			panicked.Store(true)
			report("fail", t.Name())
			panic(r)
		}
	}
}

// report writes one result line to the checker.
func report(status, name string) {
	results.Lock()
	defer results.Unlock()
	if results.f != nil {
		fmt.Fprintf(results.f, "%s %s\n", status, name)
	}
}
