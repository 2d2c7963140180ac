package mutation

import (
	"fmt"
	"go/ast"
	"strings"
)

func opDropSleep(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		if es, ok := l.list[k].(*ast.ExprStmt); ok {
			if c, ok := es.X.(*ast.CallExpr); ok && fc.isFunc(c, "time", "Sleep") {
				cs = append(cs, cand{es.Pos(), fmt.Sprintf("%s does not pause (%s dropped)", where(l.path), fc.text(es)), []edit{fc.del(es)}})
			}
		}
	})
	return cs
}

// splitPoints returns where a format string's source (without quotes) can
// be cut in two next to a verb, with text on both sides, and how many
// arguments the part before the cut takes: the first such point and the
// last. ok is false when the format has a verb whose arguments it cannot
// count.
func splitPoints(f string) (at, args []int, ok bool) {
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			i++
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.", f[j]) >= 0 {
			j++
		}
		if j >= len(f) || f[j] == '*' || f[j] == '[' {
			return nil, nil, false
		}
		if i > 0 && (len(at) == 0 || at[len(at)-1] != i) {
			at, args = append(at, i), append(args, n)
		}
		n++
		if j+1 < len(f) {
			at, args = append(at, j+1), append(args, n)
		}
		i = j
	}
	if len(at) > 2 {
		at, args = []int{at[0], at[len(at)-1]}, []int{args[0], args[len(args)-1]}
	}
	return at, args, true
}

func opSplitWrite(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		es, ok := l.list[k].(*ast.ExprStmt)
		if !ok {
			return
		}
		c, ok := es.X.(*ast.CallExpr)
		if !ok || !fc.isFunc(c, "fmt", "Fprintf") || len(c.Args) < 2 || c.Ellipsis.IsValid() {
			return
		}
		lit, ok := c.Args[1].(*ast.BasicLit)
		if !ok || len(lit.Value) < 2 {
			return
		}
		q, f := lit.Value[:1], lit.Value[1:len(lit.Value)-1]
		at, nargs, ok := splitPoints(f)
		if !ok {
			return
		}
		fn, w := fc.text(c.Fun), fc.text(c.Args[0])
		args := func(as []ast.Expr) string {
			s := ""
			for _, a := range as {
				s += ", " + fc.text(a)
			}
			return s
		}
		for i, p := range at {
			n := nargs[i]
			if len(c.Args)-2 < n {
				return
			}
			a, b := f[:p], f[p:]
			text := fmt.Sprintf("%s(%s, %s%s%s%s)\n%s(%s, %s%s%s%s)", fn, w, q, a, q, args(c.Args[2:2+n]), fn, w, q, b, q, args(c.Args[2+n:]))
			cs = append(cs, cand{es.Pos(), fmt.Sprintf("%s writes its line in two Write calls (%s%s%s, then %s%s%s), so concurrent lines can interleave", where(l.path), q, a, q, q, b, q), []edit{fc.replace(es, text)}})
		}
	})
	return cs
}
