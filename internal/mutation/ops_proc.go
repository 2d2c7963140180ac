package mutation

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// isCloser reports whether call is x.Close() on a pipe or file: an
// io.ReadCloser, io.WriteCloser, *os.File or an io.Pipe end.
func (fc *fileCtx) isCloser(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" {
		return false
	}
	t := fc.info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	switch types.TypeString(t, nil) {
	case "io.ReadCloser", "io.WriteCloser", "io.ReadWriteCloser", "*os.File", "*io.PipeReader", "*io.PipeWriter":
		return true
	}
	return false
}

func (fc *fileCtx) pipeClose(s ast.Stmt) (*ast.CallExpr, bool) {
	call, def := callOf(s)
	if call == nil || !fc.isCloser(call) {
		return nil, false
	}
	return call, def
}

func opDropPipeClose(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if call, _ := fc.pipeClose(l.list[i]); call != nil {
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s never closes %s", where(l.path), fc.text(call.Fun.(*ast.SelectorExpr).X)), []edit{fc.del(l.list[i])}})
		}
	})
	return cs
}

func opDeferPipeClose(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if call, def := fc.pipeClose(l.list[i]); call != nil && !def {
			o := fc.off(l.list[i].Pos())
			cs = append(cs, cand{l.list[i].Pos(), fmt.Sprintf("%s closes %s only when it returns (deferred)", where(l.path), fc.text(call.Fun.(*ast.SelectorExpr).X)), []edit{{o, o, "defer "}}})
		}
	})
	return cs
}

// uses reports whether n mentions the object of id.
func (fc *fileCtx) uses(n ast.Node, obj types.Object) bool {
	return obj != nil && containsAny(n, func(m ast.Node) bool { id, ok := m.(*ast.Ident); return ok && fc.info.Uses[id] == obj })
}

func opCloseBeforeUse(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, i int) {
		if i == 0 {
			return
		}
		s := l.list[i]
		var x ast.Expr
		if call, def := fc.pipeClose(s); call != nil && !def {
			x = call.Fun.(*ast.SelectorExpr).X
		} else if ch, def := fc.closeOf(s); ch != nil && !def {
			x = ch
		}
		id, ok := x.(*ast.Ident)
		if !ok || !fc.uses(l.list[i-1], fc.info.Uses[id]) {
			return
		}
		cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s closes %s before %s", where(l.path), id.Name, fc.short(l.list[i-1])), fc.moveBefore(s, l.list[i-1])})
	})
	return cs
}

// cmdCall returns the call of an *exec.Cmd method in s (in an if's init
// too), and the Cmd's source.
func (fc *fileCtx) cmdCall(s ast.Node, names ...string) (*ast.CallExpr, string) {
	var found *ast.CallExpr
	contains(s, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && fc.isMethod(c, "os/exec", "Cmd", names...) {
			found = c
			return true
		}
		return false
	})
	if found == nil {
		return nil, ""
	}
	return found, fc.text(found.Fun.(*ast.SelectorExpr).X)
}

// pipes returns the variables that hold cmd's pipes in the file.
func (fc *fileCtx) pipes(cmd string) []types.Object {
	var objs []types.Object
	ast.Inspect(fc.f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		call, c := fc.cmdCall(as.Rhs[0], "StdinPipe", "StdoutPipe", "StderrPipe")
		if call == nil || c != cmd {
			return true
		}
		if id, ok := as.Lhs[0].(*ast.Ident); ok {
			if o := fc.info.Defs[id]; o != nil {
				objs = append(objs, o)
			} else if o := fc.info.Uses[id]; o != nil {
				objs = append(objs, o)
			}
		}
		return true
	})
	return objs
}

func opWaitBeforeRead(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		w := fc.waitCall(l.list[k])
		call, ok := w.(*ast.CallExpr)
		if !ok || !fc.isMethod(call, "os/exec", "Cmd", "Wait") {
			return
		}
		cmd := fc.text(call.Fun.(*ast.SelectorExpr).X)
		pipes := fc.pipes(cmd)
		first := 0
		for m := k - 1; m >= 0; m-- {
			if c, name := fc.cmdCall(l.list[m], "Start"); c != nil && name == cmd {
				first = m + 1
				break
			}
		}
		for m := first; m < k; m++ {
			for _, p := range pipes {
				if fc.uses(l.list[m], p) {
					cs = append(cs, cand{l.list[k].Pos(), fmt.Sprintf("%s waits for the child (%s.Wait()) before %s", where(l.path), cmd, fc.short(l.list[m])),
						fc.moveBefore(l.list[k], l.list[m])})
					break
				}
			}
		}
	})
	return cs
}

func opStartToRun(fc *fileCtx) []cand {
	var cs []cand
	ast.Inspect(fc.f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && fc.isMethod(c, "os/exec", "Cmd", "Start") {
			sel := c.Fun.(*ast.SelectorExpr)
			cs = append(cs, cand{c.Pos(), fmt.Sprintf("%s calls %s.Run() instead of Start(): it waits for the child to end before anything else", fc.whereAt(c.Pos()), fc.text(sel.X)),
				[]edit{fc.replace(sel.Sel, "Run")}})
		}
		return true
	})
	return cs
}

func opPipeAfterStart(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		as, ok := l.list[k].(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return
		}
		call, cmd := fc.cmdCall(as.Rhs[0], "StdinPipe", "StdoutPipe", "StderrPipe")
		if call == nil {
			return
		}
		last := k
		if k+1 < len(l.list) && len(as.Lhs) == 2 {
			if ifs, ok := l.list[k+1].(*ast.IfStmt); ok {
				if id, ok := as.Lhs[1].(*ast.Ident); ok && strings.Contains(fc.text(ifs.Cond), id.Name) {
					last = k + 1
				}
			}
		}
		for s := last + 1; s < len(l.list); s++ {
			if c, name := fc.cmdCall(l.list[s], "Start"); c != nil && name == cmd {
				text := string(fc.src[fc.off(l.list[k].Pos()):fc.off(l.list[last].End())])
				cs = append(cs, cand{as.Pos(), fmt.Sprintf("%s asks for %s only after %s.Start()", where(l.path), fc.text(call), cmd),
					[]edit{fc.delRange(l.list[k], l.list[last]), fc.insertAfter(l.list[s], text)}})
				return
			}
		}
	})
	return cs
}

func opIgnoreCmdError(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		ifs, ok := l.list[k].(*ast.IfStmt)
		if !ok || ifs.Init == nil {
			return
		}
		as, ok := ifs.Init.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || !fc.isMethod(call, "os/exec", "Cmd", "Wait", "Start") {
			return
		}
		what := "the child's exit status"
		if call.Fun.(*ast.SelectorExpr).Sel.Name == "Start" {
			what = "it goes on as if the child had started"
		}
		cs = append(cs, cand{ifs.Pos(), fmt.Sprintf("%s ignores the error of %s: %s", where(l.path), fc.text(call), what),
			[]edit{fc.replace(ifs, fc.text(call))}})
	})
	return cs
}

func opDropSend(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		switch s := l.list[k].(type) {
		case *ast.SendStmt:
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s never sends on %s (%s dropped)", where(l.path), fc.text(s.Chan), fc.text(s)), []edit{fc.del(s)}})
		case *ast.ExprStmt:
			call, ok := s.X.(*ast.CallExpr)
			if !ok {
				return
			}
			// A write to a pipe: fmt.Fprint*(p, …) or p.Write(…).
			var p ast.Expr
			if (fc.isFunc(call, "fmt", "Fprintf") || fc.isFunc(call, "fmt", "Fprintln") || fc.isFunc(call, "fmt", "Fprint")) && len(call.Args) > 0 {
				p = call.Args[0]
			} else if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Write" || sel.Sel.Name == "WriteString") {
				p = sel.X
			}
			if p == nil {
				return
			}
			if t := fc.info.TypeOf(p); t == nil || !isPipeType(t) {
				return
			}
			cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s never writes to %s (%s dropped)", where(l.path), fc.text(p), fc.short(s)), []edit{fc.del(s)}})
		}
	})
	return cs
}

func isPipeType(t types.Type) bool {
	switch types.TypeString(t, nil) {
	case "io.WriteCloser", "io.ReadWriteCloser", "*os.File", "*io.PipeWriter":
		return true
	}
	return false
}

func opDropStderr(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		as, ok := l.list[k].(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 {
			return
		}
		sel, ok := as.Lhs[0].(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Stderr" {
			return
		}
		if t := fc.info.TypeOf(sel.X); t == nil || types.TypeString(t, nil) != "*os/exec.Cmd" {
			return
		}
		var target ast.Node = as
		if len(l.list) == 1 && len(l.path) >= 2 {
			if ifs, ok := l.path[len(l.path)-2].(*ast.IfStmt); ok && ifs.Else == nil && ifs.Init == nil {
				target = ifs
			}
		}
		cs = append(cs, cand{as.Pos(), fmt.Sprintf("%s no longer collects the child's stderr", where(l.path)), []edit{fc.del(target)}})
	})
	return cs
}

func opDropFlush(fc *fileCtx) []cand {
	var cs []cand
	fc.eachStmt(func(l stmtList, k int) {
		s := l.list[k]
		isFlush := func(e ast.Expr) bool {
			c, ok := e.(*ast.CallExpr)
			return ok && fc.isMethod(c, "bufio", "Writer", "Flush")
		}
		switch s := s.(type) {
		case *ast.ExprStmt:
			if isFlush(s.X) {
				cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s never flushes its buffered writes (%s dropped)", where(l.path), fc.text(s)), []edit{fc.del(s)}})
			}
		case *ast.ReturnStmt:
			for _, r := range s.Results {
				if isFlush(r) {
					cs = append(cs, cand{s.Pos(), fmt.Sprintf("%s never flushes its buffered writes (returns nil for %s)", where(l.path), fc.text(r)), []edit{fc.replace(r, "nil")}})
				}
			}
		}
	})
	return cs
}
