package resource_test

// The resource checks' kit: the checker adds this file to every build of the
// exercise's checks (an instructor's hidden ones included).
//
// The calls run on the real clock, not in a testing/synctest bubble: a
// goroutine waiting for a sync.Mutex is not "durably blocked" there, so a
// bubble's fake clock would never move while one call holds the lock across
// the pause (the notebook's own way, which must pass). Correctness does not
// depend on timing: the race detector reports unsynchronised access every
// time, and the values are checked exactly.

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"check/checkkit"
	"check/resource"
)

// calls is how many goroutines call DoSomething at once: enough for every
// pause to overlap another call (a read after the pause then sees another
// call's increment every run), few enough that the notebook's way, which
// holds the lock across the pause and so takes calls × Pause, passes in
// under two seconds.
const calls = 8

// stuckFor is how long every goroutine of the code under check must wait
// for a lock, none of them running or sleeping, before a check calls it a
// deadlock. In a correct Resource a call waits for the lock only while
// another call that holds it runs or sleeps, and each poll sees every
// goroutine at one instant, so three polls in a row of that stillness are
// proof, and a lock that is never released is reported at once.
const stuckFor = 300 * time.Millisecond

// within is checkkit.Within with the kit's stuckFor.
func within(t *testing.T, d time.Duration, what string) {
	t.Helper()
	checkkit.WithinNotStuck(t, d, stuckFor, what)
}

// outcome is what one run of calls concurrent DoSomething calls gave.
type outcome struct {
	names   []string // the name each call was given
	returns []int    // what each call returned, by call
	writes  []string // every Write call, in order
	after   int      // Data() once every call had returned
	peeked  []int    // Data() read while the calls ran
}

var (
	outcomesMu sync.Mutex
	outcomes   []*outcome
	asked      = map[string]int{}
)

// concurrentCalls runs calls goroutines that call DoSomething on one zero
// Resource at once (behind a starting line), while another goroutine reads
// Data(). The checks share the runs: the k-th time a test asks, it gets the
// k-th run, so -count N still makes N runs.
func concurrentCalls(t *testing.T) *outcome {
	t.Helper()
	pointerReceivers(t)
	outcomesMu.Lock()
	defer outcomesMu.Unlock()
	k := asked[t.Name()]
	asked[t.Name()]++
	if k < len(outcomes) {
		return outcomes[k]
	}
	// The notebook's way holds the lock across the pause: the calls then
	// take calls × Pause one after another. Allow that many times over.
	within(t, 2*calls*resource.Pause+10*time.Second, fmt.Sprintf("%d concurrent DoSomething calls to return", calls))
	o := &outcome{returns: make([]int, calls)}
	var r resource.Resource
	var rec checkkit.Recorder
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range calls {
		name := fmt.Sprintf("Thread-%d", i+1)
		o.names = append(o.names, name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			o.returns[i] = r.DoSomething(name, &rec)
		}()
	}
	done := make(chan struct{})
	peeked := make(chan []int)
	go func() {
		var seen []int
		<-start
		for !checkkit.Closed(done) {
			seen = append(seen, r.Data())
			time.Sleep(time.Millisecond)
			runtime.Gosched()
		}
		peeked <- seen
	}()
	close(start)
	unstuck(t, "DoSomething", wg.Wait)
	close(done)
	unstuck(t, "Data", func() { o.peeked = <-peeked })
	unstuck(t, "Data", func() { o.after = r.Data() })
	o.writes = rec.Writes()
	outcomes = append(outcomes, o)
	return o
}

// pointerReceivers fails the check if DoSomething or Data has a value
// receiver: such a method works on a copy of the Resource, its lock and
// data included (the race it causes is reported in the check's own code,
// where the copy is made, which would only puzzle the learner).
func pointerReceivers(t *testing.T) {
	t.Helper()
	typ := reflect.TypeFor[resource.Resource]()
	for _, m := range []string{"DoSomething", "Data"} {
		if _, ok := typ.MethodByName(m); ok {
			checkkit.Fatal(t, checkkit.Wrong, "%s has a value receiver, func (r Resource) %s(...): every call works on a COPY of the Resource, its mutex and data included, so the lock guards nothing and the copy's changes are lost. Use a pointer receiver: func (r *Resource) %s(...)", m, m, m)
		}
	}
}

// unstuck runs f and fails the check as a deadlock if the code under test
// gets stuck before f returns (every goroutine in it waiting for a lock
// nobody will release).
func unstuck(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	if checkkit.Stuck(stuckFor, done) {
		checkkit.Fatal(t, checkkit.Deadlock, "%s got stuck: every goroutine in DoSomething or Data waits for a lock that is never released (a Lock without its Unlock on some path?)", what)
	}
}

// line is the line DoSomething writes.
func line(name string, n int) string {
	return fmt.Sprintf("The current thread name is %s, and the value of data: %d\n", name, n)
}

// checkLines fails the check unless the Write calls are exactly one per
// call, line(names[i], returns[i]), in any order; it says what went wrong
// for the first few calls whose line is missing.
func checkLines(t *testing.T, names []string, returns []int, writes []string) {
	t.Helper()
	if len(writes) != len(names) {
		shown := writes[:min(len(writes), 4)]
		checkkit.Fatal(t, checkkit.Wrong, "%d calls to DoSomething made %d Write calls (the first ones: %q); want one each: the whole line in ONE Write (one fmt.Fprintf), or the pieces of lines written by goroutines running at once can interleave", len(names), len(writes), shown)
	}
	left := map[string]int{}
	for _, w := range writes {
		left[w]++
	}
	var missing []int
	for i, name := range names {
		if want := line(name, returns[i]); left[want] > 0 {
			left[want]--
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return
	}
	var problems []string
	for _, i := range missing[:min(len(missing), 3)] {
		name, want := names[i], line(names[i], returns[i])
		prefix := strings.TrimSuffix(line(name, 0), "0\n")
		got := ""
		for w, c := range left {
			if c > 0 && strings.HasPrefix(w, prefix) {
				got = w
				break
			}
		}
		v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(got, prefix), "\n"))
		switch {
		case got == "":
			problems = append(problems, fmt.Sprintf("no Write holds %s's line; want %q", name, want))
		case got == want+"\n":
			problems = append(problems, fmt.Sprintf("%s wrote %q: one \"\\n\" too many (Python's print added a blank line; here the line ends with exactly one \"\\n\")", name, got))
		case err == nil && strings.HasSuffix(got, "\n"):
			problems = append(problems, fmt.Sprintf("%s's line says %d but the call returned %d: print and return the same value, the one this call took", name, v, returns[i]))
		default:
			problems = append(problems, fmt.Sprintf("%s wrote %q; want %q", name, got, want))
		}
	}
	checkkit.Fatal(t, checkkit.Wrong, "%d of %d calls did not write their line as one Write holding the value they returned:\n%s", len(missing), len(names), strings.Join(problems, "\n"))
}

// call is one call of a sequence that inTurn made.
type call struct {
	method string        // "Data" or "DoSomething"
	name   string        // the name DoSomething was given
	got    int           // what the call returned
	writes []string      // its Write calls
	wrote  time.Duration // when its first Write came, from the call's start (fake time)
	took   time.Duration // when it returned, from its start (fake time)
}

// inTurn calls methods ("Data" or "DoSomething"), in order, on one zero
// Resource, each call on a goroutine of its own that starts only once the
// call before it has returned. Nothing in the check orders one call's
// memory accesses before the next one's (it learns that a call has
// returned from the length of a channel, which synchronises nothing): only
// the Resource's own lock does. So the race detector reports every access
// the Resource leaves unguarded (a read after Unlock, a field set without
// the lock) every time, whatever the scheduler does.
//
// It runs in a testing/synctest bubble, so Pause takes no real time and
// each call's pause is measured exactly; no two calls ever wait for the
// same lock. A lock that a call leaves held blocks the next call for ever:
// within reports that, in a third of a second, as a deadlock, with the call
// that waits and the path that did not unlock.
func inTurn(t *testing.T, methods ...string) []call {
	t.Helper()
	pointerReceivers(t)
	within(t, 20*time.Second, fmt.Sprintf("%d calls of Data and DoSomething, one after another, to return", len(methods)))
	calls := make([]call, len(methods))
	// Everything is made before the first call: between calls the check
	// does nothing but start the next one. Even a fmt.Sprintf there would
	// order one call before the next: it takes its printer from a
	// sync.Pool, and under the race detector taking a printer is ordered
	// after the Put that gave it back, which may be the last call's
	// Fprintf, after its unguarded read.
	for i, m := range methods {
		calls[i].method, calls[i].name = m, "Call-"+strconv.Itoa(i+1)
	}
	synctest.Test(t, func(t *testing.T) {
		var r resource.Resource
		returned := make(chan int, len(methods))
		for i, m := range methods {
			c := &calls[i]
			go func() {
				w := &timedWriter{start: time.Now()}
				start := time.Now()
				switch m {
				case "Data":
					c.got = r.Data()
				case "DoSomething":
					c.got = r.DoSomething(c.name, w)
				}
				c.took = time.Since(start)
				c.writes, c.wrote = w.writes, w.first
				returned <- i
			}()
			for len(returned) <= i {
				time.Sleep(time.Millisecond)
			}
		}
		for range methods {
			<-returned
		}
	})
	return calls
}

// timedWriter keeps one call's Write calls and when the first came. Each
// call has its own, so that writing synchronises nothing between calls.
type timedWriter struct {
	start  time.Time
	first  time.Duration
	writes []string
}

func (w *timedWriter) Write(p []byte) (int, error) {
	if len(w.writes) == 0 {
		w.first = time.Since(w.start)
	}
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

// described lists calls as Data() = 0, DoSomething("Call-2") = 1, for messages.
func described(calls []call) string {
	var parts []string
	for _, c := range calls {
		if c.method == "Data" {
			parts = append(parts, fmt.Sprintf("Data() = %d", c.got))
		} else {
			parts = append(parts, fmt.Sprintf("DoSomething(%q) = %d", c.name, c.got))
		}
	}
	return strings.Join(parts, ", ")
}
