package checkkit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Source parses the code under check, package pkg: in a check's process it
// sits in ./PKG beside the working directory (or in it); under a plain
// `go test ./run` of an exported module (checker dev export), in ../PKG. A check that must
// read the learner's code (what no run can show every time) starts here.
func Source(t testing.TB, pkg string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	for _, dir := range []string{pkg, ".", filepath.Join("..", pkg)} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		var files []*ast.File
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil || f.Name.Name != pkg {
				continue
			}
			files = append(files, f)
		}
		if len(files) > 0 {
			return fset, files
		}
	}
	wd, _ := os.Getwd()
	t.Fatalf("checkkit: cannot find the %s package's source from %s", pkg, wd)
	return nil, nil
}

// Where is "FILE.go:LINE" of pos, the way a check names a line of the
// learner's (the checker shows it as the learner's path).
func Where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// WaitGroupUse reads the source of package pkg for a sync.WaitGroup
// counted in the wrong place, which no run can show every time (it depends
// on which goroutine the scheduler runs first): Add inside the goroutine it
// counts, Add only after the go statement, Done with no Add at all. It
// fails t as Wrong with where and why.
func WaitGroupUse(t testing.TB, pkg string) {
	t.Helper()
	fset, files := Source(t, pkg)
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
		Fatal(t, Wrong, "%s", strings.Join(problems, "\n"))
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
				problems = append(problems, fmt.Sprintf("%s: %s calls %s.Add inside the goroutine it counts: %s.Wait() may run before that goroutine has even started, find the counter still at 0 and return while the work is not done (or not even begun). Call %s.Add(1) before the go statement, in %s itself (or start the goroutine with %s.Go)", Where(fset, inside[x]), fn, x, x, x, fn, x))
			case after != token.NoPos:
				problems = append(problems, fmt.Sprintf("%s: %s calls %s.Add only after the go statement at %s: the goroutine may finish, and call %s.Done(), before Add has counted it (a negative counter, a panic), and %s.Wait() may return early. Call %s.Add(1) before the go statement (or start the goroutine with %s.Go)", Where(fset, after), fn, x, Where(fset, g.Pos()), x, x, x, x))
			default:
				problems = append(problems, fmt.Sprintf("%s: the goroutine %s starts here calls %s.Done(), but nothing calls %s.Add for it: Done takes the counter below 0 (a panic), and %s.Wait() does not wait. Call %s.Add(1) before the go statement (or start the goroutine with %s.Go)", Where(fset, g.Pos()), fn, x, x, x, x, x))
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
