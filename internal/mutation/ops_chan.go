package mutation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// closeOf returns the channel a statement closes with close(ch), maybe
// deferred.
func (fc *fileCtx) closeOf(s ast.Stmt) (ch ast.Expr, deferred bool) {
	call, def := callOf(s)
	if call == nil || !fc.isBuiltin(call, "close") || len(call.Args) != 1 {
		return nil, false
	}
	return call.Args[0], def
}

func opDropClose(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if ch, _ := fc.closeOf(l.list[i]); ch != nil {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s never closes %s", where(l.path), fc.text(ch)), []edit{fc.del(l.list[i])}})
		}
	})
	return cs
}

func opUndefer(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if d, ok := s.(*ast.DeferStmt); ok {
			if lk, ok := fc.lockOf(d); ok && !lk.locks() {
				return // undefer-unlock
			}
			cs = append(cs, cand{d.Pos(), fmt.Sprintf("%s calls %s at once instead of when it returns", where(l.path), fc.short(d.Call)),
				[]edit{{fc.off(d.Pos()), fc.off(d.Call.Pos()), ""}}})
		}
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s's goroutine calls %s.Done() first, before its work", where(l.path), w.wg),
				[]edit{fc.replace(s, w.wg+".Add(1)\n"+goFunc(w.wg+".Done()", w.body))}})
		}
	})
	return cs
}

// goroutineBody returns the func literal a statement runs on a new
// goroutine: go func() {...}() or wg.Go(func() {...}).
func (fc *fileCtx) goroutineBody(s ast.Stmt) *ast.FuncLit {
	if g, ok := s.(*ast.GoStmt); ok {
		if fl, ok := g.Call.Fun.(*ast.FuncLit); ok {
			return fl
		}
	}
	if es, ok := s.(*ast.ExprStmt); ok {
		if call, ok := es.X.(*ast.CallExpr); ok && fc.isMethod(call, "sync", "WaitGroup", "Go") && len(call.Args) == 1 {
			fl, _ := call.Args[0].(*ast.FuncLit)
			return fl
		}
	}
	return nil
}

func opDeferInCaller(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		fl := fc.goroutineBody(l.list[k])
		if fl == nil {
			return
		}
		body := fl.Body.List
		for di, d := range body {
			d, ok := d.(*ast.DeferStmt)
			if !ok {
				continue
			}
			// The statements before it that declare what it uses move too.
			used := map[types.Object]bool{}
			ast.Inspect(d, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && fc.info.Uses[id] != nil {
					used[fc.info.Uses[id]] = true
				}
				return true
			})
			var moved []ast.Stmt
			for _, s := range body[:di] {
				if contains(s, func(n ast.Node) bool { id, ok := n.(*ast.Ident); return ok && used[fc.info.Defs[id]] }) {
					moved = append(moved, s)
				}
			}
			moved = append(moved, d)
			var edits []edit
			text := ""
			for _, s := range moved {
				edits = append(edits, fc.del(s))
				text += fc.text(s) + "\n"
			}
			edits = append(edits, fc.insertBefore(l.list[k], text[:len(text)-1]))
			cs = append(cs, cand{d.Pos(), fmt.Sprintf("%s defers %s in itself, so it runs when %s returns, not when the goroutine ends", where(l.path), fc.short(d.Call), where(l.path)), edits})
		}
	})
	return cs
}

func opCloseOnOnePath(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		ch, def := fc.closeOf(l.list[i])
		if ch == nil || !def {
			return
		}
		_, fi := funcOf(l.path)
		if fi < 0 {
			return
		}
		var body *ast.BlockStmt
		switch f := l.path[fi].(type) {
		case *ast.FuncDecl:
			body = f.Body
		case *ast.FuncLit:
			body = f.Body
		}
		var rets []*ast.ReturnStmt
		contains(body, func(n ast.Node) bool {
			if r, ok := n.(*ast.ReturnStmt); ok {
				rets = append(rets, r)
			}
			return false
		})
		if len(rets) < 2 {
			return
		}
		for _, r := range rets {
			cs = append(cs, cand{r.Pos(), fmt.Sprintf("%s closes %s only on the path of the return on line %d, not on every path", where(l.path), fc.text(ch), fc.fset.Position(r.Pos()).Line),
				[]edit{fc.del(l.list[i]), fc.insertBefore(r, "close("+fc.text(ch)+")")}})
		}
	})
	return cs
}

func opSendForClose(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		ch, def := fc.closeOf(l.list[i])
		if ch == nil {
			return
		}
		c := fc.chanOf(ch)
		if c == nil {
			return
		}
		send := fc.text(ch) + " <- " + fc.zero(c.Elem())
		if def {
			send = "defer func() { " + send + " }()"
		}
		cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s sends one value on %s instead of closing it, so only one receiver gets it", where(l.path), fc.text(ch)),
			[]edit{fc.replace(l.list[i], send)}})
	})
	return cs
}

// chanVarsInScope returns the variables of a channel type (not receive
// only) visible at pos and declared before it, innermost scope first.
func (fc *fileCtx) chanVarsInScope(pos token.Pos) []*types.Var {
	var vs []*types.Var
	for s := fc.pkg.Scope().Innermost(pos); s != nil && s != types.Universe; s = s.Parent() {
		for _, n := range s.Names() {
			v, ok := s.Lookup(n).(*types.Var)
			if !ok || (s != fc.pkg.Scope() && v.Pos() >= pos) {
				continue
			}
			if c, ok := v.Type().Underlying().(*types.Chan); ok && c.Dir() != types.RecvOnly {
				vs = append(vs, v)
			}
		}
	}
	return vs
}

func opCloseWrongChan(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		ch, _ := fc.closeOf(l.list[i])
		id, ok := ch.(*ast.Ident)
		if !ok {
			return
		}
		for _, v := range fc.chanVarsInScope(ch.Pos()) {
			if v == fc.info.Uses[id] {
				continue
			}
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s closes %s instead of %s", where(l.path), v.Name(), id.Name),
				[]edit{fc.replace(ch, v.Name())}})
		}
	})
	return cs
}

// makeChan reports whether e is make(chan T...).
func (fc *fileCtx) makeChan(e ast.Expr) (*ast.CallExpr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || !fc.isBuiltin(call, "make") || len(call.Args) == 0 {
		return nil, false
	}
	if _, ok := fc.info.TypeOf(call.Args[0]).Underlying().(*types.Chan); !ok {
		return nil, false
	}
	return call, true
}

func opNilChan(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			if call, ok := fc.makeChan(n.Rhs[0]); ok {
				cs = append(cs, cand{n.Pos(), fmt.Sprintf("%s declares %s but never makes it: a nil channel", fc.whereAt(n.Pos()), fc.text(n.Lhs[0])),
					[]edit{fc.replace(n, "var "+fc.text(n.Lhs[0])+" "+fc.text(call.Args[0]))}})
			}
		case *ast.CompositeLit:
			for i, e := range n.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if _, ok := fc.makeChan(kv.Value); !ok {
					continue
				}
				var ed edit
				switch {
				case i+1 < len(n.Elts):
					ed = edit{fc.off(kv.Pos()), fc.off(n.Elts[i+1].Pos()), ""}
				case i > 0:
					ed = edit{fc.off(n.Elts[i-1].End()), fc.off(kv.End()), ""}
				default:
					ed = fc.replace(kv, "")
				}
				cs = append(cs, cand{kv.Pos(), fmt.Sprintf("%s leaves %s out of the literal: a nil channel", fc.whereAt(kv.Pos()), fc.text(kv.Key)), []edit{ed}})
			}
		}
		return true
	})
	return cs
}

func opBufferChan(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if call, ok := fc.makeChan(e); ok && call == n && len(call.Args) == 1 {
				o := fc.off(call.Rparen)
				cs = append(cs, cand{call.Pos(), fmt.Sprintf("%s gives its %s a buffer of 1", fc.whereAt(call.Pos()), fc.text(call)), []edit{{o, o, ", 1"}}})
			}
		}
		return true
	})
	return cs
}

func opUnbufferChan(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if call, ok := fc.makeChan(e); ok && call == n && len(call.Args) == 2 {
				cs = append(cs, cand{call.Pos(), fmt.Sprintf("%s makes its %s unbuffered", fc.whereAt(call.Pos()), fc.text(call)),
					[]edit{{fc.off(call.Args[0].End()), fc.off(call.Args[1].End()), ""}}})
			}
		}
		return true
	})
	return cs
}

func opSharedChan(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		for i, a := range call.Args {
			ai, ok := a.(*ast.Ident)
			ca := fc.chanOf(a)
			if !ok || ca == nil {
				continue
			}
			for _, b := range call.Args[i+1:] {
				bi, ok := b.(*ast.Ident)
				cb := fc.chanOf(b)
				if !ok || cb == nil || fc.info.Uses[ai] == fc.info.Uses[bi] || !types.Identical(ca.Elem(), cb.Elem()) {
					continue
				}
				desc := "%s gets %s as both of its channels"
				cs = append(cs, cand{b.Pos(), fmt.Sprintf(desc, fc.text(call.Fun), ai.Name), []edit{fc.replace(b, ai.Name)}})
				cs = append(cs, cand{a.Pos(), fmt.Sprintf(desc, fc.text(call.Fun), bi.Name), []edit{fc.replace(a, bi.Name)}})
			}
		}
		return true
	})
	return cs
}

// receives reports whether n receives from a channel (not in a func
// literal).
func (fc *fileCtx) receives(n ast.Node) bool {
	return contains(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.UnaryExpr:
			return m.Op == token.ARROW
		case *ast.RangeStmt:
			return fc.chanOf(m.X) != nil
		}
		return false
	})
}

func opSwapSendReceive(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		send, ok := l.list[k].(*ast.SendStmt)
		if !ok {
			return
		}
		for m := k + 1; m < len(l.list); m++ {
			if fc.receives(l.list[m]) {
				cs = append(cs, cand{send.Pos(), fmt.Sprintf("%s sends on %s only after %s", where(l.path), fc.text(send.Chan), fc.short(l.list[m])),
					fc.moveAfter(send, l.list[m])})
				return
			}
		}
	})
	return cs
}

func opRangeOnce(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		switch s := l.list[k].(type) {
		case *ast.RangeStmt:
			if fc.chanOf(s.X) != nil {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s takes only the first value from %s", where(l.path), fc.text(s.X)), []edit{fc.insertAtEnd(s.Body, "break")}})
			}
		case *ast.ForStmt:
			if call, ok := s.Cond.(*ast.CallExpr); ok && fc.isMethod(call, "bufio", "Scanner", "Scan") {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s reads only the first line (%s)", where(l.path), fc.text(call)), []edit{fc.insertAtEnd(s.Body, "break")}})
			}
		}
	})
	return cs
}

func opLoopOffByOne(fc *fileCtx) []cand {
	var cs []cand
	flip := map[token.Token]string{token.LSS: "<=", token.LEQ: "<", token.GTR: ">=", token.GEQ: ">"}
	fc.eachStmt(func(l stmtList, k int) {
		f, ok := l.list[k].(*ast.ForStmt)
		if !ok || !contains(f.Body, func(n ast.Node) bool {
			_, send := n.(*ast.SendStmt)
			u, recv := n.(*ast.UnaryExpr)
			return send || (recv && u.Op == token.ARROW)
		}) {
			return
		}
		w := where(l.path)
		if b, ok := f.Cond.(*ast.BinaryExpr); ok && flip[b.Op] != "" {
			o := fc.off(b.OpPos)
			cs = append(cs, cand{b.Pos(), fmt.Sprintf("%s's loop on a channel ends one step off (%s %s %s)", w, fc.text(b.X), flip[b.Op], fc.text(b.Y)),
				[]edit{{o, o + len(b.Op.String()), flip[b.Op]}}})
		}
		if as, ok := f.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			if lit, ok := as.Rhs[0].(*ast.BasicLit); ok && lit.Kind == token.INT {
				v, err := strconv.Atoi(lit.Value)
				if err != nil {
					return
				}
				for _, d := range []int{-1, 1} {
					if v+d < 0 {
						continue
					}
					cs = append(cs, cand{lit.Pos(), fmt.Sprintf("%s's loop on a channel starts at %s = %d", w, fc.text(as.Lhs[0]), v+d),
						[]edit{fc.replace(lit, strconv.Itoa(v+d))}})
				}
			}
		}
	})
	return cs
}
