package mutation

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A stmtList is a list of statements (a block's, a case's) and the nodes
// around it, outermost first; the last one owns the list.
type stmtList struct {
	list []ast.Stmt
	path []ast.Node
}

// stmtLists returns every statement list of the file in source order.
func (fc *fileCtx) stmtLists() []stmtList {
	if fc.lists != nil {
		return fc.lists
	}
	var stack []ast.Node
	ast.Inspect(fc.f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		default:
			return true
		}
		fc.lists = append(fc.lists, stmtList{list: list, path: append([]ast.Node(nil), stack...)})
		return true
	})
	if fc.lists == nil {
		fc.lists = []stmtList{}
	}
	return fc.lists
}

// eachStmt calls fn for every statement of every list, in source order.
func (fc *fileCtx) eachStmt(fn func(l stmtList, i int)) {
	for _, l := range fc.stmtLists() {
		for i := range l.list {
			fn(l, i)
		}
	}
}

// funcOf returns the innermost function (FuncDecl or FuncLit) on path.
func funcOf(path []ast.Node) (ft *ast.FuncType, idx int) {
	for i := len(path) - 1; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.FuncDecl:
			return n.Type, i
		case *ast.FuncLit:
			return n.Type, i
		}
	}
	return nil, -1
}

// where names the function on path in a learner's words: "Data",
// "Start's goroutine", "a func literal in RunAll".
func where(path []ast.Node) string {
	outer := "the package"
	for _, n := range path {
		if d, ok := n.(*ast.FuncDecl); ok {
			outer = d.Name.Name
			break
		}
	}
	_, i := funcOf(path)
	if i < 0 {
		return outer
	}
	if _, ok := path[i].(*ast.FuncLit); !ok {
		return outer
	}
	if i >= 1 {
		if c, ok := path[i-1].(*ast.CallExpr); ok {
			if c.Fun == path[i] && i >= 2 {
				if _, ok := path[i-2].(*ast.GoStmt); ok {
					return outer + "'s goroutine"
				}
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" {
				return outer + "'s goroutine"
			}
		}
	}
	return "a func literal in " + outer
}

// whereAt is where for the node at pos.
func (fc *fileCtx) whereAt(pos token.Pos) string {
	var path []ast.Node
	ast.Inspect(fc.f, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		path = append(path, n)
		return true
	})
	return where(path)
}

// off is the byte offset of pos in the file.
func (fc *fileCtx) off(pos token.Pos) int { return fc.tf.Offset(pos) }

// text is the source of n.
func (fc *fileCtx) text(n ast.Node) string {
	return string(fc.src[fc.off(n.Pos()):fc.off(n.End())])
}

// short is the first line of n's source, cut to a readable length.
func (fc *fileCtx) short(n ast.Node) string {
	s := fc.text(n)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}

// lineStart is the offset of the start of pos's line when only blanks
// precede pos on it, else -1.
func (fc *fileCtx) lineStart(pos token.Pos) int {
	o := fc.off(pos)
	i := o
	for i > 0 && (fc.src[i-1] == ' ' || fc.src[i-1] == '\t') {
		i--
	}
	if i == 0 || fc.src[i-1] == '\n' {
		return i
	}
	return -1
}

// lineEnd is the offset just past the newline ending end's line when only
// blanks or a // comment follow end on it, else -1.
func (fc *fileCtx) lineEnd(end token.Pos) int {
	o := fc.off(end)
	i := o
	for i < len(fc.src) && (fc.src[i] == ' ' || fc.src[i] == '\t') {
		i++
	}
	if i+1 < len(fc.src) && fc.src[i] == '/' && fc.src[i+1] == '/' {
		for i < len(fc.src) && fc.src[i] != '\n' {
			i++
		}
	}
	if i == len(fc.src) {
		return i
	}
	if fc.src[i] == '\n' {
		return i + 1
	}
	return -1
}

// del deletes n, with its whole lines when it has them to itself.
func (fc *fileCtx) del(n ast.Node) edit {
	s, e := fc.lineStart(n.Pos()), fc.lineEnd(n.End())
	if s >= 0 && e >= 0 {
		return edit{s, e, ""}
	}
	return edit{fc.off(n.Pos()), fc.off(n.End()), ""}
}

// delRange deletes from a's start to b's end (a and b in one list).
func (fc *fileCtx) delRange(a, b ast.Node) edit {
	s, e := fc.lineStart(a.Pos()), fc.lineEnd(b.End())
	if s >= 0 && e >= 0 {
		return edit{s, e, ""}
	}
	return edit{fc.off(a.Pos()), fc.off(b.End()), ""}
}

// insertBefore puts the statement text before n.
func (fc *fileCtx) insertBefore(n ast.Node, text string) edit {
	if s := fc.lineStart(n.Pos()); s >= 0 {
		return edit{s, s, text + "\n"}
	}
	o := fc.off(n.Pos())
	return edit{o, o, text + "\n"}
}

// insertAfter puts the statement text after n.
func (fc *fileCtx) insertAfter(n ast.Node, text string) edit {
	if e := fc.lineEnd(n.End()); e >= 0 {
		if e == len(fc.src) && (e == 0 || fc.src[e-1] != '\n') {
			return edit{e, e, "\n" + text + "\n"}
		}
		return edit{e, e, text + "\n"}
	}
	o := fc.off(n.End())
	return edit{o, o, "\n" + text + "\n"}
}

// insertAtEnd puts the statement text last in block b.
func (fc *fileCtx) insertAtEnd(b *ast.BlockStmt, text string) edit {
	if s := fc.lineStart(b.Rbrace); s >= 0 {
		return edit{s, s, text + "\n"}
	}
	o := fc.off(b.Rbrace)
	return edit{o, o, "\n" + text + "\n"}
}

// insertAtStart puts the statement text first in block b.
func (fc *fileCtx) insertAtStart(b *ast.BlockStmt, text string) edit {
	o := fc.off(b.Lbrace) + 1
	return edit{o, o, "\n" + text + "\n"}
}

// replace replaces n with text.
func (fc *fileCtx) replace(n ast.Node, text string) edit {
	return edit{fc.off(n.Pos()), fc.off(n.End()), text}
}

// move moves statement n to before statement to.
func (fc *fileCtx) moveBefore(n, to ast.Node) []edit {
	return []edit{fc.del(n), fc.insertBefore(to, fc.text(n))}
}

// moveAfter moves statement n to after statement to.
func (fc *fileCtx) moveAfter(n, to ast.Node) []edit {
	return []edit{fc.del(n), fc.insertAfter(to, fc.text(n))}
}

// orphans returns the statements that declare the local variables only
// the dropped nodes use, so that dropping them too leaves nothing unused:
// `var mu sync.Mutex` or `started := t.started`.
func (fc *fileCtx) orphans(dropped ...ast.Node) []ast.Stmt {
	in := func(p token.Pos) bool {
		for _, d := range dropped {
			if d.Pos() <= p && p < d.End() {
				return true
			}
		}
		return false
	}
	vars := map[types.Object]bool{}
	for id, o := range fc.info.Uses {
		if v, ok := o.(*types.Var); ok && !v.IsField() && v.Parent() != fc.pkg.Scope() && in(id.Pos()) {
			vars[v] = true
		}
	}
	for id, o := range fc.info.Uses {
		if vars[o] && !in(id.Pos()) {
			delete(vars, o)
		}
	}
	var out []ast.Stmt
	fc.eachStmt(func(l stmtList, i int) {
		var name *ast.Ident
		switch s := l.list[i].(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE && len(s.Lhs) == 1 {
				name, _ = s.Lhs[0].(*ast.Ident)
			}
		case *ast.DeclStmt:
			if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR && len(gd.Specs) == 1 {
				if vs := gd.Specs[0].(*ast.ValueSpec); len(vs.Names) == 1 {
					name = vs.Names[0]
				}
			}
		}
		if name != nil && vars[fc.info.Defs[name]] && !in(name.Pos()) {
			out = append(out, l.list[i])
		}
	})
	return out
}

// dropAll deletes the nodes and what only they use.
func (fc *fileCtx) dropAll(nodes ...ast.Node) []edit {
	var es []edit
	for _, n := range nodes {
		es = append(es, fc.del(n))
	}
	for _, s := range fc.orphans(nodes...) {
		es = append(es, fc.del(s))
	}
	return es
}

// --- types ---

// method returns the package path, the receiver's type name and the method
// name of a method call, e.g. "sync", "Mutex", "Lock".
func (p *pkgCtx) method(call *ast.CallExpr) (pkg, typ, name string, recv ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s := p.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return
	}
	t := sig.Recv().Type()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem()
	}
	switch t := t.(type) {
	case *types.Named:
		typ = t.Obj().Name()
	case *types.Interface:
		typ = "" // an interface's method
	}
	return fn.Pkg().Path(), typ, fn.Name(), sel.X
}

// isMethod reports whether call is pkg.typ's method named one of names.
func (p *pkgCtx) isMethod(call *ast.CallExpr, pkg, typ string, names ...string) bool {
	pp, tt, n, _ := p.method(call)
	if pp != pkg || tt != typ {
		return false
	}
	for _, m := range names {
		if m == n {
			return true
		}
	}
	return false
}

// isFunc reports whether call calls the package-level function pkg.name.
func (p *pkgCtx) isFunc(call *ast.CallExpr, pkg, name string) bool {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	fn, ok := p.info.Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}

// isBuiltin reports whether call calls the builtin name.
func (p *pkgCtx) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := p.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// chanOf returns e's channel type, if it is one.
func (p *pkgCtx) chanOf(e ast.Expr) *types.Chan {
	t := p.info.TypeOf(e)
	if t == nil {
		return nil
	}
	c, _ := t.Underlying().(*types.Chan)
	return c
}

// callOf returns the call of an expression statement or a defer.
func callOf(s ast.Stmt) (call *ast.CallExpr, deferred bool) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		c, _ := s.X.(*ast.CallExpr)
		return c, false
	case *ast.DeferStmt:
		return s.Call, true
	}
	return nil, false
}

// qualifier writes types of other packages with their package names.
func (p *pkgCtx) qualifier(o *types.Package) string {
	if o == p.pkg {
		return ""
	}
	return o.Name()
}

// zero is the source of t's zero value.
func (p *pkgCtx) zero(t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false"
		case u.Info()&types.IsString != 0:
			return `""`
		case u.Info()&types.IsNumeric != 0:
			return "0"
		}
		return "nil"
	case *types.Struct, *types.Array:
		return types.TypeString(t, p.qualifier) + "{}"
	case *types.TypeParam:
		return "*new(" + types.TypeString(t, p.qualifier) + ")"
	}
	return "nil"
}

// zeroReturn is a return statement of ft's zero values.
func (p *pkgCtx) zeroReturn(ft *ast.FuncType) string {
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return "return"
	}
	if len(ft.Results.List[0].Names) > 0 {
		return "return" // named results
	}
	var zs []string
	for _, f := range ft.Results.List {
		z := p.zero(p.info.TypeOf(f.Type))
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			zs = append(zs, z)
		}
	}
	return "return " + strings.Join(zs, ", ")
}

// contains reports whether any node under n (not inside a func literal)
// satisfies fn.
func contains(n ast.Node, fn func(ast.Node) bool) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found || m == nil {
			return false
		}
		if _, ok := m.(*ast.FuncLit); ok && m != n {
			return false
		}
		if fn(m) {
			found = true
			return false
		}
		return true
	})
	return found
}

// containsAny is contains, looking inside func literals too.
func containsAny(n ast.Node, fn func(ast.Node) bool) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found || m == nil {
			return false
		}
		if fn(m) {
			found = true
			return false
		}
		return true
	})
	return found
}

// isLoop reports whether s is a for or range statement, and its body.
func isLoop(s ast.Node) (*ast.BlockStmt, bool) {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body, true
	case *ast.RangeStmt:
		return s.Body, true
	}
	return nil, false
}

// funcLitBody is the body of a func literal with no parameters, as source
// text without its braces.
func (fc *fileCtx) funcLitBody(fl *ast.FuncLit) string {
	return strings.Trim(string(fc.src[fc.off(fl.Body.Lbrace)+1:fc.off(fl.Body.Rbrace)]), " \t\n")
}
