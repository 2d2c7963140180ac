package testbin

import (
	"fmt"
	"os"
)

// TraceEnv names the environment variable that, when set, makes the
// checker say on stderr where its time goes: each build, each run of an
// exercise's tests, each test process ("trace: ..." lines).
const TraceEnv = "CHECKER_TRACE"

// Tracef prints one "trace: " line on stderr when TraceEnv is set.
func Tracef(format string, args ...any) {
	if os.Getenv(TraceEnv) != "" {
		fmt.Fprintf(os.Stderr, "trace: "+format+"\n", args...)
	}
}
