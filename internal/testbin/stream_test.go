package testbin

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRecordedStream passes a recorded `-test.v=test2json` stream
// (testdata/recorded.raw, from testdata/recorded/recorded_test.go) through
// the runner's own plumbing (output filter, test2json, event decoding, the
// watch and its finish) and compares the events with
// testdata/recorded.golden. It shows what the other tests do not: unmarked
// lines that look like framing or events stay output, a ^V in mid-line
// still ends a test (under the limit), attributes keep their key and
// value, subtests are not tests of their own for the runner, and past the
// limit a test's output is dropped while its framing is kept.
func TestRecordedStream(t *testing.T) {
	opts := testOptions(t, time.Minute)
	opts.OutputLimit = 2048
	cmd := exec.Command("cat", "testdata/recorded.raw")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := startStream(ctx, opts, cmd)
	if err != nil {
		t.Fatal(err)
	}
	p := &Process{}
	if err := s.watch(ctx, p, time.Minute, time.Hour); err != nil {
		t.Fatalf("watch: got %v, want cat's clean exit", err)
	}
	if err := s.finish(p); err != nil {
		t.Fatalf("finish: %v", err)
	}
	if !p.Truncated || p.Flooded || p.Overran != "" || p.Leftover {
		t.Errorf("got Truncated %v, Flooded %v, Overran %q, Leftover %v; want true, false, \"\", false", p.Truncated, p.Flooded, p.Overran, p.Leftover)
	}
	started := slices.Sorted(maps.Keys(startedTests(p)))
	if want := []string{"TestAfterChatty", "TestChatty", "TestFakeFraming", "TestKindAndSubtests", "TestSkipped"}; !slices.Equal(started, want) {
		t.Errorf("got started tests %v, want %v", started, want)
	}

	var got bytes.Buffer
	for _, ev := range p.Events {
		// Every event carries test2json's time stamp; the golden file
		// leaves it and the package's elapsed time out, as they differ
		// from run to run.
		if ev.Time.IsZero() {
			t.Errorf("got event %+v without a Time, want test2json's time stamp (-t)", ev)
		}
		ev.Time, ev.Elapsed = time.Time{}, 0
		line, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		got.Write(line)
		got.WriteByte('\n')
	}
	const golden = "testdata/recorded.golden"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("got events\n%s\nwant (%s)\n%s", got.Bytes(), golden, want)
	}
}
