package mutation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// waitCall is the call or receive a statement waits on: wg.Wait(),
// cmd.Wait(), t.Join(), <-ch, alone or in an assignment or an if's init.
func (fc *fileCtx) waitCall(s ast.Stmt) ast.Expr {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	case *ast.IfStmt:
		if s.Init != nil {
			return fc.waitCall(s.Init)
		}
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if _, ok := s.(*ast.ExprStmt); ok && x.Op == token.ARROW {
			return x // a receive whose value is used is data, not a wait
		}
	case *ast.CallExpr:
		pkg, typ, name, _ := fc.method(x)
		if (name == "Wait" || name == "Join") && !(pkg == "sync" && typ == "Cond") {
			return x
		}
	}
	return nil
}

// isDrain reports whether s is io.Copy(io.Discard, r).
func (fc *fileCtx) isDrain(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || !fc.isFunc(call, "io", "Copy") || len(call.Args) != 2 {
		return false
	}
	sel, ok := call.Args[0].(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := fc.info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && (v.Pkg().Path() == "io" || v.Pkg().Path() == "io/ioutil") && v.Name() == "Discard"
}

// starts reports whether n starts a goroutine or a process.
func (fc *fileCtx) starts(n ast.Node) bool {
	return contains(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.GoStmt:
			return true
		case *ast.CallExpr:
			return fc.isMethod(m, "sync", "WaitGroup", "Go") || fc.isMethod(m, "os/exec", "Cmd", "Start")
		}
		return false
	})
}

// wgGo is a statement wg.Go(f): the WaitGroup's source, f's, and f's body
// as statements' source (f() when f is not a func literal).
type wgGo struct {
	wg, fn, body string
}

func (fc *fileCtx) wgGoOf(s ast.Stmt) (wgGo, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return wgGo{}, false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || !fc.isMethod(call, "sync", "WaitGroup", "Go") || len(call.Args) != 1 {
		return wgGo{}, false
	}
	w := wgGo{wg: fc.text(call.Fun.(*ast.SelectorExpr).X), fn: fc.text(call.Args[0])}
	if fl, ok := call.Args[0].(*ast.FuncLit); ok && fl.Type.Params.NumFields() == 0 {
		w.body = fc.funcLitBody(fl)
	} else {
		w.body = w.fn + "()"
	}
	return w, true
}

// goFunc is "go func() {\n" + the statements + "\n}()".
func goFunc(stmts ...string) string {
	s := "go func() {"
	for _, t := range stmts {
		s += "\n" + t
	}
	return s + "\n}()"
}

// wgCall returns the WaitGroup method a statement calls (Add, Done, Wait).
func (fc *fileCtx) wgCall(s ast.Stmt) (method string, call *ast.CallExpr) {
	call, _ = callOf(s)
	if call == nil {
		return "", nil
	}
	pkg, typ, name, _ := fc.method(call)
	if pkg != "sync" || typ != "WaitGroup" {
		return "", nil
	}
	return name, call
}

func opDropGo(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if g, ok := s.(*ast.GoStmt); ok {
			what := fc.text(g.Call)
			if _, ok := g.Call.Fun.(*ast.FuncLit); ok {
				what = "its goroutine's body"
			}
			cs = append(cs, cand{g.Pos(), fmt.Sprintf("%s runs %s itself instead of on a new goroutine (go dropped)", where(l.path), what),
				[]edit{{fc.off(g.Pos()), fc.off(g.Call.Pos()), ""}}})
		}
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s runs the function it gave %s.Go itself, one after another", where(l.path), w.wg),
				[]edit{fc.replace(s, w.fn+"()")}})
		}
	})
	return cs
}

func opGoInsteadOfWgGo(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if w, ok := fc.wgGoOf(l.list[i]); ok {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s starts the goroutine with go instead of %s.Go, so %s.Wait does not wait for it", where(l.path), w.wg, w.wg),
				[]edit{fc.replace(l.list[i], "go "+w.fn+"()")}})
		}
	})
	return cs
}

func opDropWgAdd(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s starts a goroutine that calls %s.Done() with no %s.Add(1) for it", where(l.path), w.wg, w.wg),
				[]edit{fc.replace(s, goFunc("defer "+w.wg+".Done()", w.body))}})
		}
		if m, _ := fc.wgCall(s); m == "Add" {
			if _, ok := s.(*ast.ExprStmt); ok {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s does not call %s", where(l.path), fc.short(s)), []edit{fc.del(s)}})
			}
		}
	})
	return cs
}

func opDropWgDone(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s.Add(1) for a goroutine that never calls Done", where(l.path), w.wg),
				[]edit{fc.replace(s, w.wg+".Add(1)\n"+goFunc(w.body))}})
		}
		if m, _ := fc.wgCall(s); m == "Done" {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s never calls Done (%s dropped)", where(l.path), fc.short(s)), []edit{fc.del(s)}})
		}
	})
	return cs
}

func opAddInGoroutine(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s.Add(1) inside the goroutine, which may run after %s.Wait", where(l.path), w.wg, w.wg),
				[]edit{fc.replace(s, goFunc(w.wg+".Add(1)", "defer "+w.wg+".Done()", w.body))}})
		}
		if m, _ := fc.wgCall(s); m == "Add" && i+1 < len(l.list) {
			if g, ok := l.list[i+1].(*ast.GoStmt); ok {
				if fl, ok := g.Call.Fun.(*ast.FuncLit); ok {
					cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s inside the goroutine, which may run after Wait", where(l.path), fc.short(s)),
						[]edit{fc.del(s), fc.insertAtStart(fl.Body, fc.text(s))}})
				}
			}
		}
	})
	return cs
}

func opAddAfterGo(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		s := l.list[i]
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s.Add(1) only after starting the goroutine", where(l.path), w.wg),
				[]edit{fc.replace(s, goFunc("defer "+w.wg+".Done()", w.body)+"\n"+w.wg+".Add(1)")}})
		}
		if m, _ := fc.wgCall(s); m == "Add" && i+1 < len(l.list) {
			if _, ok := l.list[i+1].(*ast.GoStmt); ok {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s only after starting the goroutine", where(l.path), fc.short(s)),
					fc.moveAfter(s, l.list[i+1])})
			}
		}
	})
	return cs
}

// loopOf returns the loop whose body is the list, if it is one.
func loopOf(l stmtList) ast.Stmt {
	if len(l.path) < 2 {
		return nil
	}
	if _, ok := l.path[len(l.path)-1].(*ast.BlockStmt); !ok {
		return nil
	}
	switch s := l.path[len(l.path)-2].(type) {
	case *ast.ForStmt:
		return s
	case *ast.RangeStmt:
		return s
	}
	return nil
}

func opAddOnce(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		loop := loopOf(l)
		if loop == nil {
			return
		}
		s := l.list[i]
		if w, ok := fc.wgGoOf(s); ok {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s.Add(1) once before the loop, not once per goroutine", where(l.path), w.wg),
				[]edit{fc.insertBefore(loop, w.wg+".Add(1)"), fc.replace(s, goFunc("defer "+w.wg+".Done()", w.body))}})
		}
		if m, _ := fc.wgCall(s); m == "Add" {
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s calls %s once before the loop, not once per goroutine", where(l.path), fc.short(s)),
				fc.moveBefore(s, loop)})
		}
	})
	return cs
}

func opOneGoroutine(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		body, ok := isLoop(l.list[k])
		if !ok || len(body.List) != 1 {
			return
		}
		s := body.List[0]
		fl := fc.goroutineBody(s)
		if fl == nil || fl.Type.Params.NumFields() != 0 {
			return
		}
		header := string(fc.src[fc.off(l.list[k].Pos()) : fc.off(body.Lbrace)+1])
		inner := header + "\n" + fc.funcLitBody(fl) + "\n}"
		var text string
		if w, ok := fc.wgGoOf(s); ok {
			text = w.wg + ".Go(func() {\n" + inner + "\n})"
		} else {
			text = goFunc(inner)
		}
		cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s starts one goroutine that runs the whole loop, so the work runs one after another", where(l.path)),
			[]edit{fc.replace(l.list[k], text)}})
	})
	return cs
}

func opWaitInLoop(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		if fc.waitCall(l.list[k]) != nil {
			for m := k - 1; m >= 0; m-- {
				body, ok := isLoop(l.list[m])
				if !ok || !fc.starts(body) {
					continue
				}
				cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s waits (%s) inside the loop that starts the work, so one runs at a time", where(l.path), fc.short(l.list[k])),
					[]edit{fc.del(l.list[k]), fc.insertAtEnd(body, fc.text(l.list[k]))}})
				return
			}
		}
		if c, ok := fc.mergeWaitLoop(l, k); ok {
			cs = append(cs, c)
		}
	})
	return cs
}

// mergeWaitLoop handles a second loop over the same items that waits for
// what the first one started: its body moves to the end of the first
// loop's, and the declarations between the loops that it uses move above
// the first loop.
func (fc *fileCtx) mergeWaitLoop(l stmtList, k int) (cand, bool) {
	wl, ok := l.list[k].(*ast.RangeStmt)
	if !ok || len(wl.Body.List) == 0 || !contains(wl.Body, func(n ast.Node) bool { s, ok := n.(ast.Stmt); return ok && fc.waitCall(s) != nil }) {
		return cand{}, false
	}
	text := func(e ast.Expr) string {
		if e == nil {
			return ""
		}
		return fc.text(e)
	}
	for m := k - 1; m >= 0; m-- {
		sl, ok := l.list[m].(*ast.RangeStmt)
		if !ok || !fc.starts(sl.Body) {
			continue
		}
		if text(sl.X) != text(wl.X) || text(sl.Key) != text(wl.Key) || text(sl.Value) != text(wl.Value) {
			return cand{}, false
		}
		var edits []edit
		hoist := ""
		for _, s := range l.list[m+1 : k] {
			if _, isDecl := s.(*ast.DeclStmt); !isDecl {
				if as, ok := s.(*ast.AssignStmt); !ok || as.Tok != token.DEFINE {
					continue
				}
			}
			edits = append(edits, fc.del(s))
			hoist += fc.text(s) + "\n"
		}
		if hoist != "" {
			edits = append(edits, fc.insertBefore(sl, strings.TrimSuffix(hoist, "\n")))
		}
		first, last := wl.Body.List[0], wl.Body.List[len(wl.Body.List)-1]
		edits = append(edits, fc.del(wl), fc.insertAtEnd(sl.Body, string(fc.src[fc.off(first.Pos()):fc.off(last.End())])))
		return cand{wl.Pos(), fmt.Sprintf("%s waits inside the loop that starts the work (its two loops over %s become one), so one runs at a time", where(l.path), text(sl.X)), edits}, true
	}
	return cand{}, false
}

func opDropWait(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		if fc.waitCall(l.list[k]) != nil {
			cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s does not wait: %s dropped", where(l.path), fc.short(l.list[k])), []edit{fc.del(l.list[k])}})
		}
	})
	return cs
}

func opWaitEarly(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		if k == 0 || fc.waitCall(l.list[k]) == nil {
			return
		}
		if _, ok := l.list[k-1].(*ast.DeferStmt); ok {
			return // no different
		}
		{
			cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s waits (%s) before %s", where(l.path), fc.short(l.list[k]), fc.short(l.list[k-1])),
				fc.moveBefore(l.list[k], l.list[k-1])})
		}
	})
	return cs
}

func opAsyncWait(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		es, ok := l.list[k].(*ast.ExprStmt)
		if !ok {
			return
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok || !(fc.isMethod(call, "sync", "WaitGroup", "Wait") || fc.isMethod(call, "os/exec", "Cmd", "Wait")) {
			return
		}
		cs = append(cs, cand{es.Pos(), fmt.Sprintf("%s waits on a goroutine of its own (go %s), so it does not wait", where(l.path), fc.text(call)),
			[]edit{{fc.off(call.Pos()), fc.off(call.Pos()), "go "}}})
	})
	return cs
}

// returns reports whether s holds a return (not in a func literal).
func returns(s ast.Node) bool {
	return contains(s, func(n ast.Node) bool { _, ok := n.(*ast.ReturnStmt); return ok })
}

func opReturnBeforeWait(fc *fileCtx) []cand {
	var cs []cand
	isWait := func(s ast.Stmt) bool { return fc.waitCall(s) != nil || fc.isDrain(s) }
	fc.eachStmt(func(l stmtList, k int) {
		if !isWait(l.list[k]) {
			return
		}
		for m := k + 1; m < len(l.list); m++ {
			s := l.list[m]
			switch s.(type) {
			case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			default:
				continue
			}
			if isWait(s) || !returns(s) || contains(s, func(n ast.Node) bool { st, ok := n.(ast.Stmt); return ok && isWait(st) }) {
				continue
			}
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s may return (%s) before it waits (%s)", where(l.path), fc.short(s), fc.short(l.list[k])),
				fc.moveBefore(s, l.list[k])})
		}
	})
	return cs
}

// isErrCheck reports whether cond compares an error with nil.
func (fc *fileCtx) isErrCheck(cond ast.Expr) bool {
	errType := types.Universe.Lookup("error").Type()
	return contains(cond, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.NEQ {
			return false
		}
		t := fc.info.TypeOf(b.X)
		return t != nil && types.Identical(t, errType)
	})
}

func opDropWaitOnErrorPath(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		ifs, ok := l.list[k].(*ast.IfStmt)
		if !ok || !fc.isErrCheck(ifs.Cond) || len(ifs.Body.List) < 2 {
			return
		}
		if _, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); !ok {
			return
		}
		_, fi := funcOf(l.path)
		if fi < 0 {
			return
		}
		started := false
		ast.Inspect(l.path[fi], func(n ast.Node) bool {
			if n != nil && n.End() <= ifs.Pos() && !started {
				if s, ok := n.(ast.Stmt); ok && fc.starts(s) {
					started = true
				}
			}
			return !started
		})
		if !started {
			return
		}
		for _, s := range ifs.Body.List {
			c, _ := callOf(s)
			closes := c != nil && (fc.isBuiltin(c, "close") || fc.isCloser(c))
			if fc.waitCall(s) != nil || fc.isDrain(s) || closes {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s returns on an error without %s", where(l.path), fc.short(s)), []edit{fc.del(s)}})
			}
		}
	})
	return cs
}

func opDropDrain(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		if fc.isDrain(l.list[k]) {
			cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s does not read %s to its end before waiting", where(l.path), fc.text(l.list[k].(*ast.ExprStmt).X.(*ast.CallExpr).Args[1])),
				[]edit{fc.del(l.list[k])}})
		}
	})
	return cs
}
