package checkkit

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"testing"
)

// childEnv names the child role a re-executed test binary plays.
const childEnv = "CHECKKIT_CHILD"

var children = map[string]func() int{}

// RegisterChild registers a child program under name: a function that runs
// in a fresh process (the test binary started again) and returns its exit
// code. Register children from init functions in the checks' test files.
func RegisterChild(name string, main func() int) {
	if _, dup := children[name]; dup {
		panic("checkkit: child " + name + " registered twice")
	}
	children[name] = main
}

// Command returns a command that runs the registered child name as a real,
// separate process with args, like exec.Command. Its stdin, stdout and
// stderr are left for the caller to set.
func Command(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	if _, ok := children[name]; !ok {
		t.Fatalf("checkkit: no child registered as %q (have %v)", name, childNames())
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("checkkit: find the test binary: %v", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"="+name)
	return cmd
}

func childNames() []string {
	names := make([]string, 0, len(children))
	for n := range children {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Main is the check binary's TestMain: in a child process it runs the
// registered child and exits with its code; otherwise it runs the tests.
// The checker generates the TestMain that calls it.
func Main(m *testing.M) {
	if name := os.Getenv(childEnv); name != "" {
		main, ok := children[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "checkkit: unknown child %q\n", name)
			os.Exit(2)
		}
		os.Exit(main())
	}
	os.Exit(m.Run())
}
