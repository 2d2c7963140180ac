package testbin

import (
	"regexp"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

// DefaultTimeout is a check's time limit when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// DefaultOutputLimit is how much of the output of a test process is kept
// when Options.OutputLimit is zero; past 16 times that the process is killed.
const DefaultOutputLimit = 1 << 20

// Options say how checks are built and run. The command line makes one
// value; every layer (grading, checking, scripts, this package) passes that
// value down as it is and reads what it needs from it.
type Options struct {
	Go    *Toolchain
	GoSum []byte // the workbook's go.sum: check builds resolve modules offline

	Count   int            // run every check this many times in a row (-count); 0 means 1
	Timeout time.Duration  // time limit of each check (-timeout); 0 means DefaultTimeout
	Run     *regexp.Regexp // only the checks whose name matches (-run); nil means all
	Verbose bool           // keep every line of every check's script and output (-v)

	// Jobs bounds the test processes running at once. One channel serves a
	// whole command, however many targets and exercises it checks; nil
	// means one at a time.
	Jobs chan struct{}
	// TempDir is where builds and work folders go; "" means the system's.
	TempDir string
	// OutputLimit bounds the output kept of a test process; 0 means
	// DefaultOutputLimit.
	OutputLimit int
	// Sandbox is how much of the sandbox every test process runs under
	// (sandbox.Auto, Require or Off); the process that starts them must
	// call sandbox.Main first thing.
	Sandbox sandbox.Mode
	// MaxProcs bounds the processes and threads of each test process and
	// everything it starts (sandbox.Policy.MaxProcs); 0 means the
	// sandbox's default.
	MaxProcs int
	// Durations, if set, is what the tests took before: runs are planned
	// with it (LoadDurations; nil: every test looks alike).
	Durations *Durations
	// Building, if set, is told that a build of what is starting and
	// returns the function to call once it is over (for the notice that the
	// first build on a machine is slow).
	Building func(what string) (done func())
}

// count is o.Count, at least 1.
func (o *Options) count() int {
	if o.Count < 1 {
		return 1
	}
	return o.Count
}

// timeout is o.Timeout, or DefaultTimeout.
func (o *Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

// outputLimit is o.OutputLimit, or DefaultOutputLimit.
func (o *Options) outputLimit() int {
	if o.OutputLimit <= 0 {
		return DefaultOutputLimit
	}
	return o.OutputLimit
}

// acquire takes a job slot and returns the function that gives it back.
func (o *Options) acquire() (release func()) {
	if o.Jobs == nil {
		return func() {}
	}
	o.Jobs <- struct{}{}
	return func() { <-o.Jobs }
}

// tryAcquire takes a job slot if one is free now (never when Jobs is nil:
// one at a time), and returns the function that gives it back.
func (o *Options) tryAcquire() (release func(), ok bool) {
	if o.Jobs == nil {
		return nil, false
	}
	select {
	case o.Jobs <- struct{}{}:
		return func() { <-o.Jobs }, true
	default:
		return nil, false
	}
}

// minChain is the expected length under which a run is not split further:
// one more chain costs one more process start (processStart).
const minChain = 500 * time.Millisecond

// TakeSlots takes the job slots of a run expected to take est, with
// behind more runs of the same call waiting to start after it: one slot,
// waiting for it, and, for a long run, more while they are free now and
// would idle otherwise (free beyond what the runs behind take), one for
// each minChain of it. A busy machine (grading, authoring) so runs each
// exercise in one process as before, and a learner's one exercise runs on
// every core. RunTests takes them.
func (o *Options) TakeSlots(est time.Duration, behind int) []func() {
	slots := []func(){o.acquire()}
	for o.Jobs != nil && time.Duration(len(slots)+1)*minChain <= est && cap(o.Jobs)-len(o.Jobs) > behind {
		release, ok := o.tryAcquire()
		if !ok {
			break
		}
		slots = append(slots, release)
	}
	return slots
}
