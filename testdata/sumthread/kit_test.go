package sumthread_test

// The sumthread checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included): letting gated
// writes through until none is left, comparing the lines goroutines wrote,
// saying where in the learner's code a function sits or waits, and reading
// the learner's source for where sync.WaitGroup.Add is called.

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"check/checkkit"
)

// finish lets every write through, those in flight and those they lead to
// (a line written in pieces), until none is left waiting. Call it inside
// the bubble.
func finish(g *checkkit.Gate) {
	for range 100 {
		synctest.Wait()
		if g.Pending() == 0 {
			return
		}
		g.Release(-1)
	}
}

// heldWriter is an io.Writer that holds back the writes of one line: a
// Write of exactly that line blocks until Release (inside a testing/synctest
// bubble, durably), every other Write goes through at once. So a check can
// leave any one goroutine of many in the middle of its work.
type heldWriter struct {
	line    string
	release chan struct{}

	mu     sync.Mutex
	held   int
	writes []string
}

func newHeldWriter(line string) *heldWriter {
	return &heldWriter{line: line, release: make(chan struct{})}
}

func (h *heldWriter) Write(p []byte) (int, error) {
	if string(p) == h.line {
		h.mu.Lock()
		h.held++
		h.mu.Unlock()
		<-h.release
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.writes = append(h.writes, string(p))
	return len(p), nil
}

// Held reports how many writes of the held line are waiting or were.
func (h *heldWriter) Held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// Release lets the held writes through, now and from now on.
func (h *heldWriter) Release() { close(h.release) }

// Writes returns the writes that went through, in order.
func (h *heldWriter) Writes() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.writes)
}

// sumLines are the lines Report writes for lists, sorted.
func sumLines(lists [][]int) []string {
	var want []string
	for _, nums := range lists {
		total := 0
		for _, n := range nums {
			total += n
		}
		want = append(want, fmt.Sprintf("The sum is: %d\n", total))
	}
	slices.Sort(want)
	return want
}

// checkLines fails t unless writes are one Write call per list, each
// holding that list's line, in any order. who is the call that wrote them,
// "RunAll(5 lists)".
func checkLines(t *testing.T, who string, lists [][]int, writes []string) {
	t.Helper()
	want := sumLines(lists)
	if len(writes) > len(want) {
		var pieces []string
		for _, w := range writes {
			if !strings.HasPrefix(w, "The sum is: ") || !strings.HasSuffix(w, "\n") || strings.Count(w, "\n") != 1 {
				pieces = append(pieces, w)
			}
		}
		if len(pieces) > 0 {
			checkkit.Fatal(t, checkkit.Wrong, "%s made %d Write calls for %d lines, some of them pieces of a line (%q): goroutines that run at the same time then mix their pieces. Write each whole line in ONE Write call (one fmt.Fprintf in Report)", who, len(writes), len(want), pieces[:min(len(pieces), 4)])
		}
	}
	checkkit.Diff(t, fmt.Sprintf("the lines %s wrote, one per Write call (sorted)", who), want, checkkit.Sorted(writes))
}

// source parses the learner's sumthread package.
func source(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	return checkkit.Source(t, "sumthread")
}

// declared is "NAME (FILE.go:LINE)" for the learner's function name, or
// just name when it cannot be found.
func declared(t *testing.T, name string) string {
	t.Helper()
	fset, files := source(t)
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return fmt.Sprintf("%s (%s)", name, checkkit.Where(fset, fd.Pos()))
			}
		}
	}
	return name
}

// frame is one function call on a goroutine's stack and where it is.
var frame = regexp.MustCompile(`(?m)^(\S+)\(.*\)\n\t(\S+\.go):(\d+)`)

// waitingIn looks at every goroutine now and returns where the first one
// that is inside the learner's function fn ("Start") is: "FILE.go:LINE"
// of fn's own line (the call it waits in), and whether Report is called
// from there on the same goroutine. It returns "" when no goroutine is in
// fn.
func waitingIn(fn string) (at string, inReport bool) {
	for _, g := range checkkit.Goroutines() {
		report := false
		for _, m := range frame.FindAllStringSubmatch(g.Stack, -1) {
			name := m[1][strings.LastIndexByte(m[1], '/')+1:]
			switch name {
			case "sumthread.Report":
				report = true
			case "sumthread." + fn:
				return filepath.Base(m[2]) + ":" + m[3], report
			}
		}
	}
	return "", false
}
