package checkkit

import (
	"bytes"
	"runtime"
	"strings"
	"time"
)

// blockedStates are goroutine states in which a goroutine waits for
// something else to happen (a channel, a lock, a pipe, a process); a
// goroutine running, runnable or sleeping may still make progress.
var blockedStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "select (no cases)": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
	"IO wait": true, "syscall": true,
}

// Goroutine is one goroutine, read from a dump of every goroutine.
type Goroutine struct {
	State string // "chan send", "IO wait", "running", …: no wait time, no "(durable)"
	Stack string // its frames, and the line that says who created it
}

// Goroutines returns every goroutine of the test binary now, read from a
// dump of all of them.
func Goroutines() []Goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var all []Goroutine
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		head, body, _ := strings.Cut(string(g), "\n")
		if !strings.HasPrefix(head, "goroutine ") {
			continue
		}
		state := head
		if i := strings.IndexByte(state, '['); i >= 0 {
			state = state[i+1:]
		}
		state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
		state = strings.TrimSuffix(state, "]")
		state = strings.TrimSuffix(state, " (durable)")
		all = append(all, Goroutine{State: state, Stack: body})
	}
	return all
}

// CodeGoroutines returns the goroutines running the code under test: those
// with a function of the code under check in their stack (a package
// check/X, or check/V/X for a variant, that is neither the kit, the checks
// nor the generated run package), or created by one.
func CodeGoroutines() []Goroutine {
	var found []Goroutine
	for _, g := range Goroutines() {
		if codeFrames(g.Stack) {
			found = append(found, g)
		}
	}
	return found
}

// codeStuck reports whether every goroutine running the code under test
// waits for something, none of them starts a process, and there is at
// least one.
func codeStuck() bool { return codeOnlyIn(blockedStates) }

// codeOnlyIn reports whether there is at least one goroutine of the code
// under test and every one is in one of the states (codeWaits).
func codeOnlyIn(states map[string]bool) bool {
	waits, n := codeWaits(states)
	return waits && n > 0
}

// codeWaits reports whether every goroutine running the code under test is
// in one of the states (none running, runnable or sleeping) and none of
// them starts a process, and how many there are.
func codeWaits(states map[string]bool) (bool, int) {
	gs := CodeGoroutines()
	for _, g := range gs {
		if !states[g.State] {
			return false, len(gs)
		}
		if strings.Contains(g.Stack, "os/exec.(*Cmd).Start(") || strings.Contains(g.Stack, "os.StartProcess(") {
			return false, len(gs)
		}
	}
	return true, len(gs)
}

// stillStates are the states in which a goroutine waits on other
// goroutines only (a channel, a lock): not on a pipe, a process or a
// system call, which the world outside may still answer.
var stillStates = func() map[string]bool {
	m := map[string]bool{}
	for s := range blockedStates {
		if s != "IO wait" && s != "syscall" {
			m[s] = true
		}
	}
	return m
}()

// codeFrames reports whether a goroutine's stack (or its creator) holds a
// function of the code under check.
func codeFrames(stack string) bool {
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimPrefix(line, "created by ")
		rest, ok := strings.CutPrefix(line, "check/")
		if !ok {
			continue
		}
		// rest is "X.F(…)" or "V/X.F(…)": the package path ends at the
		// first dot after the last slash.
		slash := strings.LastIndexByte(strings.SplitN(rest, "(", 2)[0], '/')
		dot := strings.IndexByte(rest[slash+1:], '.')
		if dot < 0 {
			continue
		}
		pkg := rest[:slash+1+dot]
		first, _, _ := strings.Cut(pkg, "/")
		if first == "checkkit" || first == "checks" || first == "run_test" || first == "run" || strings.HasSuffix(pkg, "_test") {
			continue
		}
		return true
	}
	return false
}

// Stuck waits until done is closed, and reports false, or until the code
// under test has been stuck for d (every one of its goroutines waiting on a
// channel, a lock, a pipe or a process, none running or sleeping, and every
// child process of the test binary held by a Holder: a child at work may
// still answer), and reports true. It finds, in seconds and without
// synctest, the deadlocks a bubble cannot see, such as a sync.Mutex locked
// and never unlocked. A busy loop is never stuck: Within bounds it. While a
// Rendezvous.Await is in progress it stands by: that check says itself what
// a stuck program means (work that ran in turn, say).
func Stuck(d time.Duration, done <-chan struct{}) bool {
	return Watch(d, done, stuckAtPoll)
}

// Still waits until done is closed, and reports false, or until the code
// under test has been still for d, and reports true: each of its goroutines
// (if any) waits on another one, at a channel or a lock, none running,
// sleeping, in a system call or waiting on a pipe or a process. Nothing but
// the check can change its state then. Unlike Stuck it does not look at
// child processes: use it once the children that could answer have exited
// (a check that waits for the code to notice an exit, say).
func Still(d time.Duration, done <-chan struct{}) bool {
	return Watch(d, done, func() bool {
		waits, _ := codeWaits(stillStates)
		return waits
	})
}

// Frozen is Still for code that is still there: it reports true once at
// least one goroutine of the code under test is left and every one has
// waited on another (a channel, a lock) for d. Code that has returned is
// not frozen. For a kit that has ended a check and waits for the code to
// return before it stops the test binary (a lock that is never unlocked
// never lets it).
func Frozen(d time.Duration, done <-chan struct{}) bool {
	return Watch(d, done, func() bool { return codeOnlyIn(stillStates) })
}

// Watch waits until done is closed, and reports false, or until cond has
// held at every poll for d, and at as many polls in a row as d holds (a
// process left without a CPU for a while has not seen cond hold for that
// while), and reports true. It is what Stuck, Still and Frozen are made
// of, for a kit that looks for a stuck state of its own (the workers and
// their pipes, say); cond is called from Watch's goroutine only.
func Watch(d time.Duration, done <-chan struct{}, cond func() bool) bool {
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	var still stillness
	for {
		select {
		case <-done:
			return false
		case <-poll.C:
			if still.held(cond(), d) {
				return true
			}
		}
	}
}

// stuckAtPoll is what the stuck watches look for at one poll: no
// Rendezvous.Await in progress, and the code under check stuck.
func stuckAtPoll() bool { return awaiting.Load() == 0 && stuck() }

// stillness measures, from one poll to the next, how long a condition has
// held without a break.
type stillness struct {
	since time.Time
	polls int
}

// pollEvery is how often the stuck detectors look.
const pollEvery = 100 * time.Millisecond

// held records whether the condition holds now, and reports whether it has
// held at every poll for d since it was first seen to hold, and at as many
// polls in a row as d holds: a process that a busy machine left without a
// CPU for a while has not seen its code stuck for that while.
func (s *stillness) held(now bool, d time.Duration) bool {
	switch {
	case !now:
		s.since, s.polls = time.Time{}, 0
	case s.since.IsZero():
		s.since, s.polls = time.Now(), 1
	default:
		s.polls++
		return time.Since(s.since) >= d && time.Duration(s.polls)*pollEvery >= d
	}
	return false
}
