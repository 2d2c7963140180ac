package testbin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// dropLine is what the filter writes, once, where it starts dropping output.
const dropLine = "[checker: output past this point dropped]\n"

// filterResult is what one pass of the filter over a recorded stream gave.
type filterResult struct {
	out     string
	err     error
	dropped bool
	flooded bool
}

// runFilter passes in through a filter with the given limits, as the
// runner does with a test binary's output.
func runFilter(r io.Reader, limit, hard int) filterResult {
	var out bytes.Buffer
	flood := make(chan struct{})
	f := &filter{w: &out, limit: limit, hard: hard, flood: flood}
	err := f.copy(r)
	res := filterResult{out: out.String(), err: err, dropped: f.dropped}
	select {
	case <-flood:
		res.flooded = true
	default:
	}
	return res
}

// show abbreviates long text for a failure message, keeping both ends.
func show(s string) string {
	if len(s) <= 200 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…(%d bytes)…%q", s[:80], len(s), s[len(s)-80:])
}

func TestFilterStreams(t *testing.T) {
	const (
		run  = "\x16=== RUN   TestA\n"
		pass = "\x16--- PASS: TestA (0.00s)\n"
		fail = "\x16--- FAIL: TestA (0.00s)\n"
	)
	long := strings.Repeat("x", 100<<10) // longer than a framing line may be
	tests := []struct {
		name    string
		in      string
		limit   int
		out     string
		dropped bool
	}{
		{
			name:  "framing and output under the limit pass unchanged",
			in:    run + "hello\n" + pass + "\x16PASS\n",
			limit: 100,
			out:   run + "hello\n" + pass + "\x16PASS\n",
		},
		{
			name:  "empty stream",
			in:    "",
			limit: 100,
			out:   "",
		},
		{
			name:  "output exactly at the limit passes whole",
			in:    "0123456789\n",
			limit: 11,
			out:   "0123456789\n",
		},
		{
			name:    "output past the limit is dropped behind one marker line",
			in:      "0123456789\nabc\ndef\nghi\n",
			limit:   11,
			out:     "0123456789\n" + dropLine,
			dropped: true,
		},
		{
			name:    "the line that crosses the limit passes whole",
			in:      "01234\n56789abcdef\nnext\n",
			limit:   10,
			out:     "01234\n56789abcdef\n" + dropLine,
			dropped: true,
		},
		{
			name:    "framing passes after the drop, the marker is written once",
			in:      run + "aaaaaa\nbbb\n" + fail + "ccc\n" + pass + "ddd\n",
			limit:   5,
			out:     run + "aaaaaa\n" + dropLine + fail + pass,
			dropped: true,
		},
		{
			name:  "framing lines do not count towards the limit",
			in:    run + run + run + "abcd\n" + pass,
			limit: 5,
			out:   run + run + run + "abcd\n" + pass,
		},
		{
			name:  "a partial last line gets its newline",
			in:    run + "no newline at the end",
			limit: 100,
			out:   run + "no newline at the end\n",
		},
		{
			name:  "a partial last framing line gets its newline",
			in:    run + "\x16--- PASS: TestA (0.00s)",
			limit: 100,
			out:   run + pass,
		},
		{
			name:  "a long framing line is cut to 64 KiB and ended",
			in:    "\x16" + long + "\n" + pass,
			limit: 100,
			out:   ("\x16" + long)[:maxLine] + "\n" + pass,
		},
		{
			name:  "a framing line of exactly 64 KiB with its newline passes whole",
			in:    "\x16" + long[:maxLine-2] + "\n" + pass,
			limit: 100,
			out:   "\x16" + long[:maxLine-2] + "\n" + pass,
		},
		{
			name:  "a framing line one byte over 64 KiB loses that byte",
			in:    "\x16" + long[:maxLine] + "\n" + pass,
			limit: 100,
			out:   "\x16" + long[:maxLine-1] + "\n" + pass,
		},
		{
			name:  "a long framing line without a newline at the end is cut and ended",
			in:    run + "\x16" + long,
			limit: 100,
			out:   run + ("\x16" + long)[:maxLine] + "\n",
		},
		{
			name:  "a long ordinary line under the limit passes whole",
			in:    long + "\n" + pass,
			limit: 1 << 20,
			out:   long + "\n" + pass,
		},
		{
			// The filter reads 64 KiB at a time: the first piece of the line
			// passes (ended, so the marker starts a line), the rest is dropped.
			name:    "a long ordinary line crossing the limit is cut where the limit falls in a 64 KiB piece",
			in:      long + "\n" + pass,
			limit:   10,
			out:     long[:64<<10] + "\n" + dropLine + pass,
			dropped: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rd := range []struct {
				name string
				r    io.Reader
			}{
				{"whole", strings.NewReader(tt.in)},
				{"one byte at a time", iotest.OneByteReader(strings.NewReader(tt.in))},
			} {
				got := runFilter(rd.r, tt.limit, 1<<30)
				if got.err != nil {
					t.Errorf("%s: copy: got error %v, want none", rd.name, got.err)
				}
				if got.out != tt.out {
					t.Errorf("%s: got output %s\nwant %s", rd.name, show(got.out), show(tt.out))
				}
				if got.dropped != tt.dropped {
					t.Errorf("%s: got dropped %v, want %v", rd.name, got.dropped, tt.dropped)
				}
				if got.flooded {
					t.Errorf("%s: got the flood channel closed, want it open", rd.name)
				}
			}
		})
	}
}

// TestFilterFramingAfterPartialLine: the testing package writes a framing
// line (^V--- PASS…) right after whatever the test printed, so when the
// test's last print did not end its line, the framing starts in the middle
// of a line. test2json knows this (a ^V inside a line ends the line before
// it), the filter must too: dropped output must never take the framing with
// it, or the test's end (and with it the next test's start) is lost.
func TestFilterFramingAfterPartialLine(t *testing.T) {
	in := "\x16=== RUN   TestA\n" + "yyyyyyyy\n" + "partial, no newline" + "\x16--- PASS: TestA (0.00s)\n" + "\x16=== RUN   TestB\n"
	got := runFilter(strings.NewReader(in), 5, 1<<30)
	want := "\x16=== RUN   TestA\n" + "yyyyyyyy\n" + dropLine + "\x16--- PASS: TestA (0.00s)\n" + "\x16=== RUN   TestB\n"
	if got.out != want {
		t.Errorf("got output %q\nwant %q", got.out, want)
	}
}

// TestFilterNothingAfterDropMarker: once output is dropped, nothing but
// framing follows the marker line, not even the newline of a dropped
// partial last line.
func TestFilterNothingAfterDropMarker(t *testing.T) {
	got := runFilter(strings.NewReader("aaaaaa\nbbb"), 5, 1<<30)
	want := "aaaaaa\n" + dropLine
	if got.out != want {
		t.Errorf("got output %q, want %q", got.out, want)
	}
}

func TestFilterFlood(t *testing.T) {
	line := strings.Repeat("z", 99) + "\n" // 100 bytes
	tests := []struct {
		name    string
		in      string
		hard    int
		flooded bool
	}{
		{"under the hard limit", strings.Repeat(line, 9), 1000, false},
		{"exactly at the hard limit", strings.Repeat(line, 10), 1000, false},
		{"one byte past the hard limit", strings.Repeat(line, 10) + "!", 1000, true},
		{"far past the hard limit (closed once, no panic)", strings.Repeat(line, 1000), 1000, true},
		{"framing counts towards the hard limit", strings.Repeat("\x16"+line[1:], 11), 1000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runFilter(strings.NewReader(tt.in), 150, tt.hard)
			if got.err != nil {
				t.Errorf("copy: got error %v, want none", got.err)
			}
			if got.flooded != tt.flooded {
				t.Errorf("got flood channel closed %v, want %v", got.flooded, tt.flooded)
			}
		})
	}

	t.Run("no flood channel", func(t *testing.T) {
		var out bytes.Buffer
		f := &filter{w: &out, limit: 10, hard: 10}
		if err := f.copy(strings.NewReader(strings.Repeat(line, 5))); err != nil {
			t.Errorf("copy: got error %v, want none", err)
		}
		if got, want := out.String(), line+dropLine; got != want {
			t.Errorf("got output %q, want %q", got, want)
		}
	})
}

// errWriter fails every write after the first n.
type errWriter struct {
	n      int
	writes int
}

var errWrite = errors.New("test2json is gone")

func (w *errWriter) Write(b []byte) (int, error) {
	w.writes++
	if w.writes > w.n {
		return 0, errWrite
	}
	return len(b), nil
}

func TestFilterErrors(t *testing.T) {
	t.Run("a write error is returned once the input is drained", func(t *testing.T) {
		in := strings.NewReader(strings.Repeat("line\n", 1000))
		w := &errWriter{n: 1}
		f := &filter{w: w, limit: 1 << 20, hard: 1 << 30}
		if err := f.copy(in); !errors.Is(err, errWrite) {
			t.Errorf("copy: got error %v, want %v", err, errWrite)
		}
		if in.Len() != 0 {
			t.Errorf("got %d bytes left unread, want the input drained (the binary must not block on a full pipe)", in.Len())
		}
		if w.writes != 2 {
			t.Errorf("got %d writes, want 2 (no writes after the first error)", w.writes)
		}
	})
	t.Run("a closed pipe ends the copy without an error", func(t *testing.T) {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer pw.Close()
		if _, err := pw.WriteString("\x16=== RUN   TestA\n"); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		w := &firstWrite{seen: make(chan struct{})}
		f := &filter{w: w, limit: 100, hard: 1000}
		go func() { done <- f.copy(pr) }()
		<-w.seen // the line was read: the filter now waits on the pipe
		pr.Close()
		if err := <-done; err != nil {
			t.Errorf("copy: got error %v, want none", err)
		}
	})
	t.Run("another read error is returned", func(t *testing.T) {
		bad := errors.New("read failed")
		r := io.MultiReader(strings.NewReader("a\n"), iotest.ErrReader(bad))
		var out bytes.Buffer
		f := &filter{w: &out, limit: 100, hard: 1000}
		if err := f.copy(r); !errors.Is(err, bad) {
			t.Errorf("copy: got error %v, want %v", err, bad)
		}
	})
}

// firstWrite closes seen at its first write.
type firstWrite struct {
	seen  chan struct{}
	wrote bool
}

func (w *firstWrite) Write(b []byte) (int, error) {
	if !w.wrote {
		w.wrote = true
		close(w.seen)
	}
	return len(b), nil
}
