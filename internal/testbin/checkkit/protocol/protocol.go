// Package protocol is what the checks' kit (checkkit, running inside a
// check's test binary) and the checker agree on: the diagnosis kinds, the
// test attribute that carries a kind, and the lines the kit prints for the
// checker to read. It is declared once, here; the checker copies it into
// every check build beside the kit.
package protocol

// Kind names a diagnosis kind, in the same words in every output.
type Kind string

// The diagnosis kinds.
const (
	Compile    Kind = "compile"    // the code does not compile against the checks
	Wrong      Kind = "wrong"      // a value or output differs
	Race       Kind = "race"       // the race detector saw a data race
	Deadlock   Kind = "deadlock"   // every goroutine waits and none can wake the others
	Leak       Kind = "leak"       // goroutines or child processes left behind
	Timeout    Kind = "timeout"    // the check did not finish within its time limit
	Panic      Kind = "panic"      // the code panicked, crashed or ended the program
	Sequential Kind = "sequential" // work ran one after another where it had to run side by side
	Error      Kind = "error"      // the checker itself or the machine failed
)

// Kinds lists every kind, in the order the spec gives them.
var Kinds = []Kind{Compile, Wrong, Race, Deadlock, Leak, Timeout, Panic, Sequential, Error}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// AttrKind is the test attribute (t.Attr) whose value is the kind a check
// claims for its own failure.
const AttrKind = "checkkit.kind"

// TimedOut starts the panic the kit raises when a wall-clock limit of a
// check expires; the full line is "TimedOut D: WHAT", WHAT completing
// "waited D for …".
const TimedOut = "checkkit: timed out after"

// Stuck starts the panic the kit raises when the code under check has been
// stuck for a while (every goroutine of it waiting, nothing left to wake
// one: see checkkit.Within); the full line is "Stuck D: WHAT".
const Stuck = "checkkit: stuck for"

// Goroutines heads the dump of every goroutine the kit prints when a check
// fails with a kind about blocked work.
const Goroutines = "checkkit: goroutines when the check failed:"

// ChildEnv names, in a re-executed test binary's environment, the child
// program it is to run instead of the tests.
const ChildEnv = "CHECKKIT_CHILD"

// HelperEnv names, in a test binary's environment, the path of the same
// checks built without the race detector, from which the children
// registered with checkkit.RegisterHelper run: a race-enabled process
// spends some 50 ms of CPU starting, a plain one a few. Unset, they run
// from the test binary itself.
const HelperEnv = "CHECKKIT_HELPER_BINARY"

// HelperMark is what a check's source holds when it registers a helper
// child, so that the checker builds the helper binary only for the
// exercises that use one.
const HelperMark = "checkkit.RegisterHelper("

// ResultsEnv names, in a test binary's environment, the file descriptor
// on which it reports each test's result, one line per test as it ends:
// "pass NAME", "fail NAME" or "skip NAME". The checker takes verdicts from
// these lines, not from the test output, which the code under check can
// write to as well.
const ResultsEnv = "CHECKKIT_RESULTS"
