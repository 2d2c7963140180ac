package mutation

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// lockStmt is a statement that calls Lock, Unlock, RLock or RUnlock of a
// sync.Mutex or sync.RWMutex, possibly deferred.
type lockStmt struct {
	recv     string // the mutex, as written: "r.mu"
	recvExpr ast.Expr
	method   string // Lock, Unlock, RLock, RUnlock
	rw       bool   // the mutex is a sync.RWMutex
	deferred bool
	call     *ast.CallExpr
}

func (l lockStmt) locks() bool { return l.method == "Lock" || l.method == "RLock" }

func (fc *fileCtx) lockOf(s ast.Stmt) (lockStmt, bool) {
	call, def := callOf(s)
	if call == nil {
		return lockStmt{}, false
	}
	pkg, typ, name, recv := fc.method(call)
	if pkg != "sync" || (typ != "Mutex" && typ != "RWMutex") {
		return lockStmt{}, false
	}
	switch name {
	case "Lock", "Unlock", "RLock", "RUnlock":
	default:
		return lockStmt{}, false
	}
	return lockStmt{recv: types.ExprString(recv), recvExpr: recv, method: name, rw: typ == "RWMutex", deferred: def, call: call}, true
}

// A lockPair is a Lock (or RLock) at list[i] and the first matching Unlock
// after it at list[j], which may be deferred.
type lockPair struct {
	l      stmtList
	i, j   int
	lk, un lockStmt
}

// section is what the pair guards: the statements between them, or after
// a deferred Unlock the rest of the list.
func (p lockPair) section() []ast.Stmt {
	if p.un.deferred {
		return p.l.list[p.j+1:]
	}
	return p.l.list[p.i+1 : p.j]
}

func (fc *fileCtx) lockPairs() []lockPair {
	var out []lockPair
	fc.eachStmt(func(l stmtList, i int) {
		lk, ok := fc.lockOf(l.list[i])
		if !ok || lk.deferred || !lk.locks() {
			return
		}
		for j := i + 1; j < len(l.list); j++ {
			un, ok := fc.lockOf(l.list[j])
			if !ok || un.recv != lk.recv {
				continue
			}
			if un.method == map[string]string{"Lock": "Unlock", "RLock": "RUnlock"}[lk.method] {
				out = append(out, lockPair{l: l, i: i, j: j, lk: lk, un: un})
			}
			return
		}
	})
	return out
}

func opDropLock(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if lk, ok := fc.lockOf(l.list[i]); ok && !lk.deferred && lk.locks() {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s does not call %s.%s()", where(l.path), lk.recv, lk.method), []edit{fc.del(l.list[i])}})
		}
	})
	return cs
}

func opDropUnlock(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if un, ok := fc.lockOf(l.list[i]); ok && !un.locks() {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s never unlocks %s (%s dropped)", where(l.path), un.recv, fc.short(l.list[i])), []edit{fc.del(l.list[i])}})
		}
	})
	return cs
}

func opDropLockUnlock(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		cs = append(cs, cand{p.l.list[p.i].Pos(), fmt.Sprintf("%s takes no lock: %s.%s() and its %s() dropped", where(p.l.path), p.lk.recv, p.lk.method, p.un.method),
			fc.dropAll(p.l.list[p.i], p.l.list[p.j])})
	}
	return cs
}

func opUndeferUnlock(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		un, ok := fc.lockOf(l.list[i])
		if !ok || un.locks() || !un.deferred {
			return
		}
		d := l.list[i].(*ast.DeferStmt)
		cs = append(cs, cand{d.Pos(), fmt.Sprintf("%s calls %s.%s() at once instead of deferring it", where(l.path), un.recv, un.method),
			[]edit{{fc.off(d.Pos()), fc.off(d.Call.Pos()), ""}}})
	})
	return cs
}

// stateCond is a condition on state that the code after at can see: the
// first field of a basic type read in sec, else the first variable of a
// basic type in sec declared before at, else the nearest such variable in
// scope. It returns the condition's source and its words.
func (fc *fileCtx) stateCond(sec []ast.Stmt, at token.Pos) (string, string, bool) {
	declaredBefore := func(o types.Object) bool {
		return o != nil && o.Pos() < at && o.Parent() != nil && (o.Parent() == fc.pkg.Scope() || o.Parent().Contains(at))
	}
	var cond, words string
	for _, s := range sec {
		contains(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				sel := fc.info.Selections[n]
				if sel == nil || sel.Kind() != types.FieldVal {
					return false
				}
				root := rootIdent(n)
				if root == nil || !declaredBefore(fc.info.Uses[root]) {
					return false
				}
				cond, words = condFor(types.ExprString(n), sel.Type())
			case *ast.Ident:
				v, ok := fc.info.Uses[n].(*types.Var)
				if !ok || v.IsField() || !declaredBefore(v) {
					return false
				}
				cond, words = condFor(n.Name, v.Type())
			}
			return cond != ""
		})
		if cond != "" {
			return cond, words, true
		}
	}
	for s := fc.pkg.Scope().Innermost(at); s != nil && s != fc.pkg.Scope() && s != types.Universe; s = s.Parent() {
		var best *types.Var
		for _, n := range s.Names() {
			v, ok := s.Lookup(n).(*types.Var)
			if !ok || v.Pos() >= at || v.Name() == "_" {
				continue
			}
			if c, _ := condFor(n, v.Type()); c == "" {
				continue
			}
			if best == nil || v.Pos() > best.Pos() {
				best = v
			}
		}
		if best != nil {
			cond, words = condFor(best.Name(), best.Type())
			return cond, words, true
		}
	}
	return "", "", false
}

func condFor(expr string, t types.Type) (string, string) {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return "", ""
	}
	switch {
	case b.Info()&types.IsBoolean != 0:
		return "!" + expr, expr + " is false"
	case b.Info()&types.IsString != 0:
		return expr + ` == ""`, expr + ` is ""`
	case b.Info()&(types.IsInteger|types.IsFloat) != 0:
		return expr + " == 0", expr + " is 0"
	}
	return "", ""
}

// rootIdent is the variable an expression like a.b[i].c starts from.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func opEarlyReturn(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		ft, _ := funcOf(p.l.path)
		if ft == nil {
			continue
		}
		lock := p.l.list[p.i]
		cond, words, ok := fc.stateCond(p.section(), lock.End())
		if !ok {
			continue
		}
		text := fmt.Sprintf("if %s {\n%s\n}", cond, fc.zeroReturn(ft))
		cs = append(cs, cand{lock.Pos(), fmt.Sprintf("%s returns without %s when %s", where(p.l.path), p.un.method, words),
			[]edit{fc.insertAfter(lock, text)}})
	}
	return cs
}

// writes reports whether statements sec may change shared state: an
// assignment to a variable declared outside sec, a send, a go statement
// or a call (other than len, cap and conversions).
func (fc *fileCtx) writes(sec []ast.Stmt) bool {
	if len(sec) == 0 {
		return false
	}
	lo, hi := sec[0].Pos(), sec[len(sec)-1].End()
	outside := func(e ast.Expr) bool {
		id := rootIdent(e)
		if id == nil {
			return true
		}
		if id.Name == "_" {
			return false
		}
		o := fc.info.Uses[id]
		if o == nil {
			o = fc.info.Defs[id]
		}
		return o == nil || o.Pos() < lo || o.Pos() >= hi
	}
	for _, s := range sec {
		if contains(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					return false
				}
				for _, l := range n.Lhs {
					if outside(l) {
						return true
					}
				}
			case *ast.IncDecStmt:
				return outside(n.X)
			case *ast.SendStmt, *ast.GoStmt:
				return true
			case *ast.CallExpr:
				if tv, ok := fc.info.Types[n.Fun]; ok && tv.IsType() {
					return false
				}
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if b, ok := fc.info.Uses[id].(*types.Builtin); ok {
						switch b.Name() {
						case "len", "cap", "min", "max", "new", "make":
							return false
						}
					}
				}
				return true
			}
			return false
		}) {
			return true
		}
	}
	return false
}

// mutexDecl finds the type expression sync.Mutex that declares the mutex
// recv (a field or a variable declared in this file).
func (fc *fileCtx) mutexDecl(recv ast.Expr) *ast.SelectorExpr {
	var obj types.Object
	switch r := ast.Unparen(recv).(type) {
	case *ast.SelectorExpr:
		if s := fc.info.Selections[r]; s != nil && s.Kind() == types.FieldVal {
			obj = s.Obj()
		}
	case *ast.Ident:
		obj = fc.info.Uses[r]
	}
	if obj == nil {
		return nil
	}
	var typ ast.Expr
	ast.Inspect(fc.f, func(n ast.Node) bool {
		var names []*ast.Ident
		var t ast.Expr
		switch n := n.(type) {
		case *ast.Field:
			names, t = n.Names, n.Type
		case *ast.ValueSpec:
			names, t = n.Names, n.Type
		default:
			return typ == nil
		}
		for _, id := range names {
			if id.Pos() == obj.Pos() {
				typ = t
			}
		}
		return typ == nil
	})
	sel, ok := typ.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Mutex" {
		return nil
	}
	if pn, ok := fc.info.Uses[rootIdent(sel.X)].(*types.PkgName); !ok || pn.Imported().Path() != "sync" {
		return nil
	}
	return sel
}

func opRLockForWrite(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		if p.lk.method != "Lock" || !fc.writes(p.section()) {
			continue
		}
		lsel := p.lk.call.Fun.(*ast.SelectorExpr).Sel
		usel := p.un.call.Fun.(*ast.SelectorExpr).Sel
		edits := []edit{fc.replace(lsel, "RLock"), fc.replace(usel, "RUnlock")}
		desc := fmt.Sprintf("%s takes only a read lock (%s.RLock()) where it writes", where(p.l.path), p.lk.recv)
		if !p.lk.rw {
			decl := fc.mutexDecl(p.lk.recvExpr)
			if decl == nil {
				continue
			}
			edits = append(edits, fc.replace(decl.Sel, "RWMutex"))
			desc = fmt.Sprintf("%s is a sync.RWMutex and %s takes only its read lock (RLock) where it writes", p.lk.recv, where(p.l.path))
		}
		cs = append(cs, cand{p.l.list[p.i].Pos(), desc, edits})
	}
	return cs
}

func opUnlockBeforeWrite(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		list := p.l.list
		un := list[p.j]
		if !p.un.deferred {
			for k := p.i + 1; k < p.j; k++ {
				cs = append(cs, cand{un.Pos(), fmt.Sprintf("%s unlocks %s before %s", where(p.l.path), p.lk.recv, fc.short(list[k])),
					fc.moveBefore(un, list[k])})
			}
			continue
		}
		for k := p.j + 2; k < len(list); k++ {
			cs = append(cs, cand{un.Pos(), fmt.Sprintf("%s does not defer %s() but calls it before %s", where(p.l.path), p.un.recv+"."+p.un.method, fc.short(list[k])),
				[]edit{fc.del(un), fc.insertBefore(list[k], fc.text(p.un.call))}})
		}
	}
	return cs
}

func opLockLate(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		list := p.l.list
		lk := list[p.i]
		first, last := p.i+1, p.j-1
		if p.un.deferred {
			first, last = p.j+1, len(list)-2
		}
		for k := first; k <= last; k++ {
			cs = append(cs, cand{lk.Pos(), fmt.Sprintf("%s locks %s only after %s", where(p.l.path), p.lk.recv, fc.short(list[k])),
				fc.moveAfter(lk, list[k])})
		}
	}
	return cs
}

// syncName is the name this file imports sync under, or "".
func (fc *fileCtx) syncName() string {
	for _, im := range fc.f.Imports {
		if im.Path.Value == `"sync"` {
			if im.Name != nil {
				return im.Name.Name
			}
			return "sync"
		}
	}
	return ""
}

func opLocalMutex(fc *fileCtx) []cand {
	var cs []cand
	sn := fc.syncName()
	if sn == "" {
		return nil
	}
	for _, p := range fc.lockPairs() {
		typ := "Mutex"
		if p.lk.rw {
			typ = "RWMutex"
		}
		lock := p.l.list[p.i]
		desc := fmt.Sprintf("%s locks a mutex of its own instead of the shared %s, so it excludes nobody", where(p.l.path), p.lk.recv)
		switch r := ast.Unparen(p.lk.recvExpr).(type) {
		case *ast.SelectorExpr:
			name := r.Sel.Name
			cs = append(cs, cand{lock.Pos(), desc, []edit{
				fc.insertBefore(lock, fmt.Sprintf("var %s %s.%s", name, sn, typ)),
				fc.replace(p.lk.recvExpr, name), fc.replace(p.un.recvExpr, name)}})
		case *ast.Ident:
			// Move the variable's declaration next to the Lock.
			obj := fc.info.Uses[r]
			var decl ast.Stmt
			fc.eachStmt(func(l stmtList, i int) {
				if ds, ok := l.list[i].(*ast.DeclStmt); ok {
					if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR && len(gd.Specs) == 1 {
						if vs := gd.Specs[0].(*ast.ValueSpec); len(vs.Names) == 1 && obj != nil && vs.Names[0].Pos() == obj.Pos() && len(vs.Values) == 0 {
							decl = ds
						}
					}
				}
			})
			if decl == nil || decl.Pos() > lock.Pos() {
				continue
			}
			cs = append(cs, cand{lock.Pos(), desc, []edit{fc.del(decl), fc.insertBefore(lock, fmt.Sprintf("var %s %s.%s", r.Name, sn, typ))}})
		}
	}
	return cs
}

func opRereadAfterUnlock(fc *fileCtx) []cand {
	var cs []cand
	for _, p := range fc.lockPairs() {
		if p.un.deferred {
			continue
		}
		sec := p.section()
		for _, s := range sec {
			as, ok := s.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			lhs, ok := as.Lhs[0].(*ast.Ident)
			if !ok {
				continue
			}
			v := fc.info.Defs[lhs]
			switch r := as.Rhs[0].(type) {
			case *ast.SelectorExpr:
				if s := fc.info.Selections[r]; s == nil || s.Kind() != types.FieldVal {
					continue
				}
			case *ast.Ident:
			default:
				continue
			}
			usesIn, usesAfter := 0, []*ast.Ident{}
			count := func(ss []ast.Stmt, after bool) {
				for _, s := range ss {
					ast.Inspect(s, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok && v != nil && fc.info.Uses[id] == v {
							if after {
								usesAfter = append(usesAfter, id)
							} else {
								usesIn++
							}
						}
						return true
					})
				}
			}
			count(sec, false)
			count(p.l.list[p.j+1:], true)
			for _, u := range usesAfter {
				edits := []edit{fc.replace(u, fc.text(as.Rhs[0]))}
				if len(usesAfter) == 1 && usesIn == 0 {
					edits = append(edits, fc.del(as))
				}
				cs = append(cs, cand{u.Pos(), fmt.Sprintf("%s reads %s again after %s() instead of using %s", where(p.l.path), fc.text(as.Rhs[0]), p.un.method, lhs.Name), edits})
			}
		}
	}
	return cs
}

func opValueReceiver(fc *fileCtx) []cand {
	var cs []cand
	for _, d := range fc.f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		st, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		cs = append(cs, cand{fd.Pos(), fmt.Sprintf("%s has a value receiver (%s): it works on a copy of the %s", fd.Name.Name, fc.text(st.X), fc.text(st.X)),
			[]edit{{fc.off(st.Pos()), fc.off(st.X.Pos()), ""}}})
	}
	return cs
}
