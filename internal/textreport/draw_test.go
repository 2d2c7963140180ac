package textreport

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

var update = flag.Bool("update", false, "rewrite the drawings' golden files in testdata/")

// TestDrawings draws each kind of evidence and compares it with a golden
// file (-update rewrites them); every line fits Width columns.
func TestDrawings(t *testing.T) {
	cases := []struct {
		name string
		ev   *results.Evidence
	}{
		{"race", &results.Evidence{Race: &results.Race{Var: "r.data", Advice: "nothing orders these two accesses: the same code runs in two goroutines at once. Hold one sync.Mutex around every use of r.data (Lock before, Unlock after, on every path), or use sync/atomic for a single counter.",
			Accesses: []results.Access{
				{Op: "write", Goroutine: "goroutine 9", Func: "resource.(*Resource).DoSomething", File: "exercises/resource/resource.go", Line: 41, Code: "r.data++", StartedAt: "the check's code"},
				{Op: "read", Goroutine: "goroutine 12", Func: "resource.(*Resource).Data", File: "exercises/resource/resource.go", Line: 50, Code: "return r.data", StartedAt: "exercises/resource/resource.go:60 in resource.Start"},
			}}}},
		{"deadlock", &results.Evidence{Waits: []results.Wait{
			{Goroutine: "goroutine 7", Func: "resource.(*Resource).DoSomething", File: "exercises/resource/resource.go", Line: 27, Code: "r.mu.Lock()", On: "a Lock",
				Because: "(*Resource).Data locks r.mu at resource.go:39 and returns at line 41 without unlocking it: on that path the lock is never released"},
			{Goroutine: "goroutine 8", Func: "squarequeue.Parent", File: "exercises/squarequeue/squarequeue.go", Line: 70, Code: "for sq := range out {", On: "a channel receive",
				Because: "nothing in your code closes out, so a receive that waits for more, or a range over it, waits for ever"},
		}}},
		{"sequence", &results.Evidence{Sequence: &results.Sequence{Started: 1, Expected: 7,
			Waits: &results.Wait{Func: "sumthread.RunAll", File: "exercises/sumthread/sumthread.go", Line: 42, Code: "wg.Wait()", On: "WaitGroup.Wait"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := Drawing(tc.ev)
			for _, l := range lines {
				if n := utf8.RuneCountInString(indent + l); n > Width {
					t.Errorf("got a line of %d columns, want at most %d: %q", n, Width, l)
				}
			}
			got := strings.Join(lines, "\n") + "\n"
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./internal/textreport -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("got the drawing\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestNothingToDraw(t *testing.T) {
	for _, ev := range []*results.Evidence{nil, {}, {Race: &results.Race{}}} {
		if d := Drawing(ev); d != nil {
			t.Errorf("Drawing(%+v): got %q, want nothing", ev, d)
		}
	}
}
