package sumthread_test

// The sumthread checks' kit, added by the checker to every build of the
// exercise's checks (an instructor's hidden ones included): letting gated
// writes through until none is left, comparing the lines goroutines wrote,
// saying where in the learner's code a function sits or waits, and reading
// the learner's source for where sync.WaitGroup.Add is called.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
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

// source parses the learner's sumthread package: the code under check sits
// in ./sumthread beside the test's working directory (or in it).
func source(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	for _, dir := range []string{"sumthread", "."} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		var files []*ast.File
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil || f.Name.Name != "sumthread" {
				continue
			}
			files = append(files, f)
		}
		if len(files) > 0 {
			return fset, files
		}
	}
	wd, _ := os.Getwd()
	t.Fatalf("checkkit: cannot find the sumthread package's source from %s", wd)
	return nil, nil
}

// where is "FILE.go:LINE" of pos, the way a check names a line of the
// learner's (the checker shows it as the learner's path).
func where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// declared is "NAME (FILE.go:LINE)" for the learner's function name, or
// just name when it cannot be found.
func declared(t *testing.T, name string) string {
	t.Helper()
	fset, files := source(t)
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return fmt.Sprintf("%s (%s)", name, where(fset, fd.Pos()))
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
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		report := false
		for _, m := range frame.FindAllStringSubmatch(g, -1) {
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

// waitGroupUse reads the learner's source for a sync.WaitGroup counted in
// the wrong place, which no run can show every time (it depends on which
// goroutine the scheduler runs first): Add inside the goroutine it counts,
// Add only after the go statement, Done with no Add at all. It fails t
// with where and why.
func waitGroupUse(t *testing.T) {
	t.Helper()
	fset, files := source(t)
	var problems []string
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			problems = append(problems, goStmtsCounted(fset, fd.Name.Name, fd.Body)...)
		}
	}
	if len(problems) > 0 {
		checkkit.Fatal(t, checkkit.Wrong, "%s", strings.Join(problems, "\n"))
	}
}

// goStmtsCounted checks every go statement in body (a function's, or a
// goroutine's) whose function literal calls X.Done(): X.Add must be called
// by body before it, not inside the goroutine nor after it.
func goStmtsCounted(fset *token.FileSet, fn string, body *ast.BlockStmt) []string {
	var problems []string
	// The calls X.Add in body itself, not in any function literal in it.
	adds := map[string][]token.Pos{}
	waits := map[string]bool{}
	var gos []*ast.GoStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			gos = append(gos, n)
		case *ast.CallExpr:
			if x, m := method(n); m == "Add" {
				adds[x] = append(adds[x], n.Pos())
			} else if m == "Wait" {
				waits[x] = true
			}
		}
		return true
	})
	for _, g := range gos {
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok {
			continue
		}
		// What the goroutine itself calls, not its own goroutines.
		var doneCalls []string
		inside := map[string]token.Pos{}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				switch x, m := method(n); m {
				case "Done":
					doneCalls = append(doneCalls, x)
				case "Add":
					if _, seen := inside[x]; !seen {
						inside[x] = n.Pos()
					}
				}
			}
			return true
		})
		for _, x := range doneCalls {
			if !waits[x] {
				continue // not a WaitGroup this function waits on
			}
			before, after := false, token.NoPos
			for _, p := range adds[x] {
				if p < g.Pos() {
					before = true
				} else if after == token.NoPos {
					after = p
				}
			}
			switch {
			case before:
			case inside[x] != token.NoPos:
				problems = append(problems, fmt.Sprintf("%s: %s calls %s.Add inside the goroutine it counts: %s.Wait() may run before that goroutine has even started, find the counter still at 0 and return while the work is not done (or not even begun). Call %s.Add(1) before the go statement, in %s itself (or start the goroutine with %s.Go)", where(fset, inside[x]), fn, x, x, x, fn, x))
			case after != token.NoPos:
				problems = append(problems, fmt.Sprintf("%s: %s calls %s.Add only after the go statement at %s: the goroutine may finish, and call %s.Done(), before Add has counted it (a negative counter, a panic), and %s.Wait() may return early. Call %s.Add(1) before the go statement (or start the goroutine with %s.Go)", where(fset, after), fn, x, where(fset, g.Pos()), x, x, x, x))
			default:
				problems = append(problems, fmt.Sprintf("%s: the goroutine %s starts here calls %s.Done(), but nothing calls %s.Add for it: Done takes the counter below 0 (a panic), and %s.Wait() does not wait. Call %s.Add(1) before the go statement (or start the goroutine with %s.Go)", where(fset, g.Pos()), fn, x, x, x, x, x))
			}
		}
		// A goroutine that starts goroutines of its own counts them itself.
		problems = append(problems, goStmtsCounted(fset, fn, lit.Body)...)
	}
	return problems
}

// method returns the receiver (as written, "wg" or "r.wg") and the name of
// a method call x.m(...), or "", "".
func method(c *ast.CallExpr) (x, m string) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	var b strings.Builder
	if err := printExpr(&b, sel.X); err != nil {
		return "", ""
	}
	return b.String(), sel.Sel.Name
}

// printExpr writes a name or a selector of names ("r.wg").
func printExpr(b *strings.Builder, e ast.Expr) error {
	switch e := e.(type) {
	case *ast.Ident:
		b.WriteString(e.Name)
	case *ast.SelectorExpr:
		if err := printExpr(b, e.X); err != nil {
			return err
		}
		b.WriteString("." + e.Sel.Name)
	case *ast.UnaryExpr:
		return printExpr(b, e.X)
	case *ast.ParenExpr:
		return printExpr(b, e.X)
	case *ast.StarExpr:
		return printExpr(b, e.X)
	default:
		return fmt.Errorf("not a name")
	}
	return nil
}
