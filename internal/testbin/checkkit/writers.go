package checkkit

import (
	"sort"
	"strings"
	"sync"
)

// Recorder is an io.Writer that keeps every Write call apart, so a check
// can tell one line written once from the same bytes written in pieces. It
// is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	writes []string
}

// Write records p as one call.
func (r *Recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

// Writes returns the calls so far, in order.
func (r *Recorder) Writes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.writes...)
}

// String returns everything written.
func (r *Recorder) String() string { return strings.Join(r.Writes(), "") }

// Gate is an io.Writer whose every Write waits until the check releases it.
// Inside a testing/synctest bubble a waiting Write is durably blocked, so
// after synctest.Wait the check sees exactly which writes are in flight.
type Gate struct {
	mu      sync.Mutex
	pending []*gated
	done    []string
}

type gated struct {
	data    string
	release chan struct{}
}

// Write waits until released, then records p.
func (g *Gate) Write(p []byte) (int, error) {
	w := &gated{data: string(p), release: make(chan struct{})}
	g.mu.Lock()
	g.pending = append(g.pending, w)
	g.mu.Unlock()
	<-w.release
	g.mu.Lock()
	g.done = append(g.done, w.data)
	g.mu.Unlock()
	return len(p), nil
}

// Pending reports how many writes are waiting.
func (g *Gate) Pending() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.pending)
}

// PendingData returns what the waiting writes hold, sorted.
func (g *Gate) PendingData() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var s []string
	for _, w := range g.pending {
		s = append(s, w.data)
	}
	sort.Strings(s)
	return s
}

// Release lets up to n waiting writes through (all of them when n < 0) and
// reports how many it released.
func (g *Gate) Release(n int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n < 0 || n > len(g.pending) {
		n = len(g.pending)
	}
	for _, w := range g.pending[:n] {
		close(w.release)
	}
	g.pending = g.pending[n:]
	return n
}

// Done returns the writes that completed, in order.
func (g *Gate) Done() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.done...)
}

// Closed reports whether ch is closed (or has a value ready), without
// blocking.
func Closed[T any](ch <-chan T) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Sorted returns a sorted copy of s, for comparing output whose order is
// up to the scheduler.
func Sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}
