package mutation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// isCtxDone reports whether e is a receive from a context's Done().
func (fc *fileCtx) isCtxDone(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	return fc.isCtxMethod(call, "Done")
}

// isCtxMethod reports whether call is a context.Context's method name.
func (fc *fileCtx) isCtxMethod(call *ast.CallExpr, name string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	t := fc.info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// commRecv is the receive of a select case, if it is one.
func commRecv(c *ast.CommClause) ast.Expr {
	switch s := c.Comm.(type) {
	case *ast.ExprStmt:
		return s.X
	case *ast.AssignStmt:
		return s.Rhs[0]
	}
	return nil
}

func hasDefault(sel *ast.SelectStmt) bool {
	for _, c := range sel.Body.List {
		if c.(*ast.CommClause).Comm == nil {
			return true
		}
	}
	return false
}

// selects calls fn for every select statement with the list it is in.
func (fc *fileCtx) selects(fn func(l stmtList, sel *ast.SelectStmt)) {
	fc.eachStmt(func(l stmtList, i int) {
		if sel, ok := l.list[i].(*ast.SelectStmt); ok {
			fn(l, sel)
		}
	})
}

func opDropSelectCase(fc *fileCtx) []cand {
	var cs []cand
	fc.selects(func(l stmtList, sel *ast.SelectStmt) {
		cl := sel.Body.List
		if len(cl) < 2 {
			return
		}
		for i, c := range cl {
			c := c.(*ast.CommClause)
			end := sel.Body.Rbrace
			if i+1 < len(cl) {
				end = cl[i+1].Pos()
			}
			s, e := fc.lineStart(c.Pos()), fc.lineStart(end)
			if s < 0 || e < 0 {
				s, e = fc.off(c.Pos()), fc.off(end)
			}
			head := "default"
			if c.Comm != nil {
				head = "case " + fc.text(c.Comm)
			}
			cs = append(cs, cand{c.Pos(), fmt.Sprintf("%s's select has no %s", where(l.path), head), []edit{{s, e, ""}}})
		}
	})
	return cs
}

func opBusySelect(fc *fileCtx) []cand {
	var cs []cand
	fc.selects(func(l stmtList, sel *ast.SelectStmt) {
		if hasDefault(sel) {
			return
		}
		for _, c := range sel.Body.List {
			c := c.(*ast.CommClause)
			es, ok := c.Comm.(*ast.ExprStmt)
			if !ok || fc.isCtxDone(es.X) {
				continue
			}
			if u, ok := es.X.(*ast.UnaryExpr); !ok || u.Op != token.ARROW {
				continue
			}
			cs = append(cs, cand{c.Pos(), fmt.Sprintf("%s does not wait for %s: a default case takes its place and the loop spins", where(l.path), fc.text(es.X)),
				[]edit{{fc.off(c.Pos()), fc.off(c.Colon) + 1, "default:"}}})
		}
	})
	return cs
}

func opSelectDefault(fc *fileCtx) []cand {
	var cs []cand
	fc.selects(func(l stmtList, sel *ast.SelectStmt) {
		if hasDefault(sel) {
			return
		}
		inLoop := false
		for _, n := range l.path {
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				inLoop = true
			case *ast.FuncLit, *ast.FuncDecl:
				inLoop = false
			}
		}
		if !inLoop {
			return
		}
		cs = append(cs, cand{sel.Pos(), fmt.Sprintf("%s's select gets an empty default, so its loop spins instead of waiting", where(l.path)),
			[]edit{fc.insertAtEnd(sel.Body, "default:")}})
	})
	return cs
}

func opBreakInSelect(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		r, ok := l.list[i].(*ast.ReturnStmt)
		if !ok || len(r.Results) > 0 {
			return
		}
		// Innermost breakable statement must be a select, and the next one
		// out a loop of the same function.
		var kinds []string
		for j := len(l.path) - 1; j >= 0 && len(kinds) < 2; j-- {
			switch l.path[j].(type) {
			case *ast.SelectStmt:
				kinds = append(kinds, "select")
			case *ast.ForStmt, *ast.RangeStmt:
				kinds = append(kinds, "loop")
			case *ast.SwitchStmt, *ast.TypeSwitchStmt:
				kinds = append(kinds, "switch")
			case *ast.FuncLit, *ast.FuncDecl:
				kinds = append(kinds, "func")
			}
		}
		if len(kinds) == 2 && kinds[0] == "select" && kinds[1] == "loop" {
			cs = append(cs, cand{r.Pos(), fmt.Sprintf("%s's return in a select case becomes break, which leaves the select but not the loop", where(l.path)),
				[]edit{fc.replace(r, "break")}})
		}
	})
	return cs
}

func opWorkBeforeWait(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		sel, ok := l.list[k].(*ast.SelectStmt)
		if !ok || loopOf(l) == nil {
			return
		}
		for _, c := range sel.Body.List {
			c := c.(*ast.CommClause)
			es, ok := c.Comm.(*ast.ExprStmt)
			if !ok || fc.isCtxDone(es.X) || len(c.Body) == 0 {
				continue
			}
			first, last := c.Body[0], c.Body[len(c.Body)-1]
			text := string(fc.src[fc.off(first.Pos()):fc.off(last.End())])
			cs = append(cs, cand{first.Pos(), fmt.Sprintf("%s does the work of case %s before it waits for it, so the first round comes at once", where(l.path), fc.text(es.X)),
				[]edit{fc.delRange(first, last), fc.insertBefore(sel, text)}})
		}
	})
	return cs
}

func opSelectOnce(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		f, ok := l.list[i].(*ast.ForStmt)
		if !ok || f.Init != nil || f.Cond != nil || f.Post != nil || len(f.Body.List) != 1 {
			return
		}
		sel, ok := f.Body.List[0].(*ast.SelectStmt)
		if !ok {
			return
		}
		cs = append(cs, cand{f.Pos(), fmt.Sprintf("%s's select runs once: the for loop around it is gone", where(l.path)),
			[]edit{{fc.off(f.Pos()), fc.off(sel.Pos()), ""}, {fc.off(sel.End()), fc.off(f.End()), ""}}})
	})
	return cs
}

// isGuard reports whether s is `if cond { return … }` (or continue) with a
// condition on a flag (a bool variable or field) or on ctx.Err().
func (fc *fileCtx) isGuard(s ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return false
	}
	switch b := ifs.Body.List[0].(type) {
	case *ast.ReturnStmt:
	case *ast.BranchStmt:
		if b.Tok != token.CONTINUE {
			return false
		}
	default:
		return false
	}
	return contains(ifs.Cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			if _, ok := fc.info.Uses[identOf(n.(ast.Expr))].(*types.Var); !ok {
				return false
			}
			b, ok := fc.info.TypeOf(n.(ast.Expr)).Underlying().(*types.Basic)
			return ok && b.Kind() == types.Bool
		case *ast.CallExpr:
			return fc.isCtxMethod(n, "Err")
		}
		return false
	})
}

func identOf(e ast.Expr) *ast.Ident {
	switch e := e.(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

func opDropGuard(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if s := l.list[i]; fc.isGuard(s) {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s skips the check `%s`", where(l.path), fc.short(s)), fc.dropAll(s)})
		}
	})
	return cs
}

func opGuardLate(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if !fc.isGuard(s) || i+1 >= len(l.list) {
			return
		}
		if _, ok := l.list[i+1].(*ast.ReturnStmt); ok {
			return
		}
		cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s checks `%s` only after %s", where(l.path), fc.text(s.(*ast.IfStmt).Cond), fc.short(l.list[i+1])),
			fc.moveAfter(s, l.list[i+1])})
	})
	return cs
}

func opDropStop(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		call, _ := callOf(l.list[i])
		if call != nil && (fc.isMethod(call, "time", "Ticker", "Stop") || fc.isMethod(call, "time", "Timer", "Stop")) {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s never stops %s", where(l.path), fc.text(call.Fun.(*ast.SelectorExpr).X)), []edit{fc.del(l.list[i])}})
		}
	})
	return cs
}

func opTickerTimer(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch {
		case fc.isFunc(call, "time", "NewTicker"):
			cs = append(cs, cand{call.Pos(), fc.whereAt(call.Pos()) + " makes a Timer (it fires once) instead of a Ticker", []edit{fc.replace(sel.Sel, "NewTimer")}})
		case fc.isFunc(call, "time", "NewTimer"):
			cs = append(cs, cand{call.Pos(), fc.whereAt(call.Pos()) + " makes a Ticker (it fires again and again) instead of a Timer", []edit{fc.replace(sel.Sel, "NewTicker")}})
		}
		return true
	})
	return cs
}

func opSwapDefers(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		d, ok := l.list[k].(*ast.DeferStmt)
		if !ok {
			return
		}
		for m := k + 1; m < len(l.list); m++ {
			if e, ok := l.list[m].(*ast.DeferStmt); ok {
				cs = append(cs, cand{d.Pos(), fmt.Sprintf("%s's deferred calls run in the other order: %s now runs before %s", where(l.path), fc.short(d.Call), fc.short(e.Call)),
					fc.moveAfter(d, e)})
				return
			}
		}
	})
	return cs
}
