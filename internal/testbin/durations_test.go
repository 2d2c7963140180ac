package testbin

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// knownDurations is a Durations that knows the given tests of package
// "ex" (bare names).
func knownDurations(known map[string]time.Duration) *Durations {
	d := &Durations{m: map[string]time.Duration{}}
	for name, v := range known {
		d.m["ex/"+name] = v
	}
	return d
}

func TestDurationsSplit(t *testing.T) {
	u := &Unit{Package: "ex", Variant: "w1"}
	names := func(bare ...string) []string {
		var out []string
		for _, b := range bare {
			out = append(out, u.TestName(b))
		}
		return out
	}
	d := knownDurations(map[string]time.Duration{
		"TestA": 900 * time.Millisecond, "TestB": 100 * time.Millisecond,
		"TestC": 500 * time.Millisecond, "TestD": 400 * time.Millisecond,
	})
	for _, tc := range []struct {
		name  string
		d     *Durations
		tests []string
		n     int
		want  [][]string
	}{
		{"one chain", d, names("TestA", "TestB"), 1, [][]string{names("TestA", "TestB")}},
		{"balanced, order kept", d, names("TestA", "TestB", "TestC", "TestD"), 2,
			[][]string{names("TestA", "TestB"), names("TestC", "TestD")}},
		{"no more chains than tests", d, names("TestA", "TestB"), 5, [][]string{names("TestA"), names("TestB")}},
		{"unknown tests alike", nil, names("TestX", "TestY", "TestZ"), 2,
			[][]string{names("TestX", "TestZ"), names("TestY")}},
		{"n below one is one", d, names("TestA"), 0, [][]string{names("TestA")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.d.Split(u, tc.tests, tc.n)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Split(%v, %d) = %v; want %v (-want +got):\n%s", tc.tests, tc.n, got, tc.want, diff)
			}
		})
	}
}

func TestDurationsEstimate(t *testing.T) {
	u := &Unit{Package: "ex"}
	d := knownDurations(map[string]time.Duration{"TestA": time.Second, "TestZero": 0})
	tests := []string{u.TestName("TestA"), u.TestName("TestZero"), u.TestName("TestNew")}
	for _, tc := range []struct {
		d     *Durations
		count int
		want  time.Duration
	}{
		{d, 1, processStart + time.Second + time.Millisecond + unknownTest},
		{d, 3, processStart + 3*(time.Second+time.Millisecond+unknownTest)},
		{d, 0, processStart + time.Second + time.Millisecond + unknownTest},
		{nil, 2, processStart + 6*unknownTest},
	} {
		if got := tc.d.Estimate(u, tests, tc.count); got != tc.want {
			t.Errorf("Estimate(count %d) = %v; want %v", tc.count, got, tc.want)
		}
	}
}

// A test's time is kept only when the results descriptor says it passed:
// the events alone are the code's to fake.
func TestDurationsRecordAndSave(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	u := &Unit{Package: "ex", Variant: "w2"}
	a, b, c, e := u.TestName("TestA"), u.TestName("TestB"), u.TestName("TestC"), u.TestName("TestE")
	p := &Process{
		Events: []Event{
			{Action: "pass", Test: a, Elapsed: 1.5},
			{Action: "pass", Test: a + "/sub", Elapsed: 9},
			{Action: "fail", Test: b, Elapsed: 2},
			{Action: "pass", Test: c, Elapsed: 7}, // faked: the descriptor says it failed
			{Action: "pass", Test: e, Elapsed: 1e300},
		},
		Results: map[string]*Tally{a: {Pass: 1}, b: {Fail: 1}, c: {Fail: 1}, e: {Pass: 1}},
		Limit:   time.Minute,
	}
	d := LoadDurations()
	d.record(u, p)
	if err := d.Save(); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got := LoadDurations()
	other := &Unit{Package: "ex"} // another variant of the same exercise
	for _, tc := range []struct {
		test string
		want time.Duration
	}{
		{other.TestName("TestA"), 1500 * time.Millisecond},
		{other.TestName("TestB"), unknownTest},
		{other.TestName("TestC"), unknownTest},
		{other.TestName("TestE"), time.Minute}, // at most the time limit
	} {
		if v := got.test(other, tc.test); v != tc.want {
			t.Errorf("after Save and LoadDurations, %s = %v; want %v", tc.test, v, tc.want)
		}
	}
	if keys := slices.Sorted(maps.Keys(got.m)); !slices.Equal(keys, []string{"ex/TestA", "ex/TestE"}) {
		t.Errorf("saved durations %v; want ex/TestA and ex/TestE", keys)
	}

	// A tampered results channel: nothing is learnt from the process.
	p.Tampered = "a line that does not parse"
	p.Results[c] = &Tally{Pass: 1}
	got.record(u, p)
	if v := got.test(other, other.TestName("TestC")); v != unknownTest {
		t.Errorf("after a tampered process, TestC = %v; want %v (nothing recorded)", v, unknownTest)
	}
}

// TakeSlots takes one slot for a short run, and for a long one as many
// more as are free beyond those the runs behind it will take, one for each
// minChain expected.
func TestTakeSlots(t *testing.T) {
	for _, tc := range []struct {
		jobs, busy, behind int
		est                time.Duration
		want               int
	}{
		{4, 0, 0, 100 * time.Millisecond, 1},
		{4, 0, 0, 2 * minChain, 2},
		{4, 0, 0, 10 * minChain, 4},
		{4, 2, 0, 10 * minChain, 2},
		{4, 0, 2, 10 * minChain, 2},
		{4, 0, 7, 10 * minChain, 1},
		{1, 0, 0, 10 * minChain, 1},
	} {
		o := &Options{Jobs: make(chan struct{}, tc.jobs)}
		for range tc.busy {
			o.Jobs <- struct{}{}
		}
		slots := o.TakeSlots(tc.est, tc.behind)
		if len(slots) != tc.want {
			t.Errorf("TakeSlots(%v, %d behind) with %d of %d slots busy took %d; want %d", tc.est, tc.behind, tc.busy, tc.jobs, len(slots), tc.want)
		}
		for _, release := range slots {
			release()
		}
		if len(o.Jobs) != tc.busy {
			t.Errorf("after releasing, %d slots busy; want %d", len(o.Jobs), tc.busy)
		}
	}
	if got := (&Options{}).TakeSlots(10*minChain, 0); len(got) != 1 {
		t.Errorf("TakeSlots without Jobs (one at a time) took %d; want 1", len(got))
	}
}
