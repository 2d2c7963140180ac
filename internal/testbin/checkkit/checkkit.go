// Package checkkit is the small toolkit that the checks' Go test code uses
// inside a check's test binary: failing with a diagnosis kind, comparing with
// go-cmp in words a learner can read, bounding waits that synctest cannot see,
// and starting child processes from the test binary itself.
//
// The checker copies this package into every check build as "check/checkkit"
// (with its protocol package, which it shares with the checker); its own
// tests run in the workbook as usual.
package checkkit

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/testbin/checkkit/protocol"
	"github.com/google/go-cmp/cmp"
)

// Kind names a diagnosis kind, with the same words as the checker's output.
type Kind = protocol.Kind

// The diagnosis kinds that a check may claim for its own failures. The others
// (compile, race) and most deadlocks, time-outs and panics are recognised by
// the checker from what the toolchain and runtime print; Panic is for a panic
// the checker cannot see, such as one in a child process the check started.
const (
	Wrong      = protocol.Wrong
	Sequential = protocol.Sequential
	Leak       = protocol.Leak
	Deadlock   = protocol.Deadlock
	Timeout    = protocol.Timeout
	Panic      = protocol.Panic
)

// Fail marks t failed with kind and a message for the learner. The kind
// travels to the checker as a test attribute (t.Attr), so it survives the
// JSON stream even when the learner's code prints to stdout.
//
// For the kinds about blocked work (Sequential, Deadlock, Leak, Timeout) it
// also prints every goroutine's stack, so the checker can show where the
// learner's goroutines were waiting.
func Fail(t testing.TB, kind Kind, format string, args ...any) {
	t.Helper()
	t.Attr(protocol.AttrKind, string(kind))
	t.Errorf(format, args...)
	switch kind {
	case Sequential, Deadlock, Leak, Timeout:
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Printf("%s\n%s\n\n", protocol.Goroutines, buf)
	}
}

// Fatal is Fail followed by t.FailNow.
func Fatal(t testing.TB, kind Kind, format string, args ...any) {
	t.Helper()
	Fail(t, kind, format, args...)
	t.FailNow()
}

// Diff compares want and got with go-cmp. When they differ it fails t as
// Wrong with what, the diff, and reports false. The diff is spelled
// "-want +got": lines starting with - are what the check expected, lines
// starting with + are what the learner's code gave.
func Diff(t testing.TB, what string, want, got any, opts ...cmp.Option) bool {
	t.Helper()
	if len(opts) == 0 && reflect.DeepEqual(want, got) {
		// Equal as cmp.Diff without options would find them, in a
		// fraction of its time (100000 squares: 0.5 s of it under the
		// race detector).
		return true
	}
	d := cmp.Diff(want, got, opts...)
	if d == "" {
		return true
	}
	Fail(t, Wrong, "%s: mismatch (-want +got):\n%s", what, strings.TrimRight(d, "\n"))
	return false
}

// Quote shows s the way the checks print written output: Go-quoted, so
// missing newlines and doubled spaces are visible.
func Quote(s string) string { return fmt.Sprintf("%q", s) }
