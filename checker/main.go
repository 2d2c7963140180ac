// Command checker checks the Go concurrency workbook's exercises: for a
// learner working through them, and for an instructor grading a class.
//
// Run it from anywhere inside the workbook:
//
//	go run ./checker exercise-1
//
// or install it once (go install ./checker) and run `checker …`.
// `checker help` lists the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

func main() {
	// The checker is also the sandbox launcher of the test processes it
	// starts: in that role Main runs the test binary and never returns.
	sandbox.Main()
	os.Exit(exitCode(run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// errChecksFailed means that some check failed: exit status 1. What failed
// has already been printed.
var errChecksFailed = errors.New("some checks failed")

// usageError is a bad command line: exit status 2, with a line of help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode maps run's error to the exit status: 0 every check passed, 1 some
// check failed, 2 the checker could not do its job (said in one line).
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errChecksFailed):
		return 1
	case errors.Is(err, context.Canceled):
		return 130 // Ctrl-C: the learner knows; nothing to say
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "checker: %v\nRun '%s help' for usage.\n", ue.msg, invokedAs())
		return 2
	default:
		fmt.Fprintf(stderr, "checker: %v\n", err)
		return 2
	}
}
