package testbin

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// unknownTest is what a test never seen passing is expected to take.
const unknownTest = 50 * time.Millisecond

// processStart is what one more test process costs before its first test:
// the race runtime's start and the checks' init.
const processStart = 150 * time.Millisecond

// Durations remembers how long each check's tests took when they passed,
// by exercise package and test name, so that a run can be planned: the
// longest exercises start first, and a long one runs as several chains of
// processes side by side while job slots would idle otherwise. It is a
// hint only: no verdict depends on it. One value serves a whole command,
// from several goroutines; it persists in a small file of the user's
// cache, so that the next command plans with what this one saw.
type Durations struct {
	file string
	mu   sync.Mutex
	m    map[string]time.Duration // durationKey → its last passing run
}

// LoadDurations reads the durations of earlier commands from the user's
// cache (none when there is no cache folder or no file yet: every test is
// then unknownTest).
func LoadDurations() *Durations {
	d := &Durations{m: map[string]time.Duration{}}
	if dir := binCache(); dir != "" {
		d.file = filepath.Join(filepath.Dir(dir), "durations.json")
		if data, err := os.ReadFile(d.file); err == nil {
			var ms map[string]int64
			if json.Unmarshal(data, &ms) == nil {
				for k, v := range ms {
					d.m[k] = time.Duration(v) * time.Millisecond
				}
			}
		}
	}
	return d
}

// Save writes the durations to the user's cache, for the next command.
// Failures only mean a plan made with less knowledge.
func (d *Durations) Save() error {
	if d == nil || d.file == "" {
		return nil
	}
	d.mu.Lock()
	ms := make(map[string]int64, len(d.m))
	for k, v := range d.m {
		ms[k] = v.Milliseconds()
	}
	d.mu.Unlock()
	data, err := json.Marshal(ms)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(d.file), 0o755); err != nil {
		return err
	}
	// A file of its own for each Save (several calls of one command may
	// save at once), renamed over the old one whole.
	f, err := os.CreateTemp(filepath.Dir(d.file), filepath.Base(d.file)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("save durations: %w", err)
	}
	if err := os.Rename(f.Name(), d.file); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("save durations: %w", err)
	}
	return nil
}

// durationKey is where the time of test (a name as the binary knows it)
// of u is kept: "package/TestName", the same for every variant of the
// exercise.
func durationKey(u *Unit, test string) string {
	return u.Package + "/" + u.bareName(test)
}

// test is how long test (a name as the binary knows it) of u is expected
// to take, once.
func (d *Durations) test(u *Unit, test string) time.Duration {
	if d == nil {
		return unknownTest
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.m[durationKey(u, test)]; ok {
		return max(v, time.Millisecond)
	}
	return unknownTest
}

// Estimate is how long running tests of u in one process is expected to
// take: each test count times, after the process's start.
func (d *Durations) Estimate(u *Unit, tests []string, count int) time.Duration {
	total := processStart
	for _, t := range tests {
		total += time.Duration(max(count, 1)) * d.test(u, t)
	}
	return total
}

// Split deals tests into at most n chains of about the same expected
// length (longest test first, each to the chain that is shortest so far),
// each chain keeping the tests' order; fewer when there are fewer tests.
func (d *Durations) Split(u *Unit, tests []string, n int) [][]string {
	n = max(1, min(n, len(tests)))
	if n == 1 {
		return [][]string{tests}
	}
	byLength := slices.Clone(tests)
	slices.SortStableFunc(byLength, func(a, b string) int { return int(d.test(u, b) - d.test(u, a)) })
	load := make([]time.Duration, n)
	chainOf := map[string]int{}
	for _, t := range byLength {
		c := slices.Index(load, slices.Min(load))
		chainOf[t] = c
		load[c] += d.test(u, t)
	}
	chains := make([][]string, n)
	for _, t := range tests {
		chains[chainOf[t]] = append(chains[chainOf[t]], t)
	}
	return chains
}

// record keeps the durations of the tests of u that passed in p (by the
// results descriptor, not only by the events), each at most the test's time
// limit. A process whose results channel was tampered with teaches nothing:
// the code under check could have written its events too.
func (d *Durations) record(u *Unit, p *Process) {
	if d == nil || p.Tampered != "" {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, ev := range p.Events {
		if r := p.Results[ev.Test]; ev.Action == "pass" && r != nil && r.Pass > 0 && !strings.Contains(ev.Test, "/") {
			took := time.Duration(min(max(ev.Elapsed, 0), p.Limit.Seconds()) * float64(time.Second))
			d.m[durationKey(u, ev.Test)] = took
		}
	}
}
