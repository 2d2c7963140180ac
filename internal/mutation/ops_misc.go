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

// splitFormat splits a format string's source (without quotes) in two
// at its first verb: before it when text precedes it, else after it. n is
// how many arguments the first part takes.
func splitFormat(f string) (a, b string, n int, ok bool) {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			i++
			continue
		}
		if i > 0 {
			return f[:i], f[i:], 0, true
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.", f[j]) >= 0 {
			j++
		}
		if j >= len(f) || f[j] == '*' || f[j] == '[' {
			return "", "", 0, false
		}
		if j+1 == len(f) {
			return "", "", 0, false
		}
		return f[:j+1], f[j+1:], 1, true
	}
	return "", "", 0, false
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
		q := lit.Value[:1]
		a, b, n, ok := splitFormat(lit.Value[1 : len(lit.Value)-1])
		if !ok || len(c.Args)-2 < n {
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
		text := fmt.Sprintf("%s(%s, %s%s%s%s)\n%s(%s, %s%s%s%s)", fn, w, q, a, q, args(c.Args[2:2+n]), fn, w, q, b, q, args(c.Args[2+n:]))
		cs = append(cs, cand{es.Pos(), fmt.Sprintf("%s writes its line in two Write calls, so concurrent lines can interleave", where(l.path)), []edit{fc.replace(es, text)}})
	})
	return cs
}
