package diagnose

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// sourceLine is the learner's line file:line (a display path), trimmed, or "".
func (p Paths) sourceLine(file string, line int) string {
	if p.Code == nil || line < 1 {
		return ""
	}
	src, ok := p.Code[path.Base(file)]
	if !ok {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[line-1])
}

// operand finds the operands of a line of code: selectors and names, the
// longest first ("r.data", "total").
var operand = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*`)

// keywords are never a variable.
var keywords = map[string]bool{"return": true, "if": true, "for": true, "range": true, "go": true, "defer": true,
	"func": true, "var": true, "select": true, "case": true, "else": true, "switch": true, "nil": true, "true": true, "false": true}

// raceVar guesses the variable two racing lines of code share: the longest
// operand both hold; or, failing that, the written line's first operand
// with a dot in it.
func raceVar(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, o := range operand.FindAllString(s, -1) {
			if !keywords[o] {
				m[o] = true
			}
		}
		return m
	}
	ta, tb := in(a), in(b)
	best := ""
	for o := range ta {
		if tb[o] && (len(o) > len(best) || (len(o) == len(best) && o < best)) {
			best = o
		}
	}
	return best
}

// raceAdvice says what would order two racing accesses.
func raceAdvice(accs []results.Access, v string) string {
	what := "the shared data"
	if v != "" {
		what = v
	}
	if len(accs) == 2 && accs[0].File != "" && accs[1].File != "" && accs[0].Func == accs[1].Func {
		return fmt.Sprintf("nothing orders these two accesses: the same code runs in two goroutines at once. Hold one sync.Mutex around every use of %s (Lock before, Unlock after, on every path), or use sync/atomic for a single counter.", what)
	}
	return fmt.Sprintf("nothing orders these two accesses. Hold one sync.Mutex around both uses of %s, or send the value over a channel, or wait for the goroutine that writes it (WaitGroup.Wait, a receive from its done channel) before you read it.", what)
}

// raceCause is a race's cause, the same across submissions.
func raceCause(accs []results.Access, v string) string {
	var fns []string
	for _, a := range accs {
		f := a.Func
		if a.File == "" {
			f = "the check's code"
		} else {
			f = path.Base(a.File) + " " + f
		}
		fns = append(fns, f)
	}
	sort.Strings(fns)
	c := "race: " + strings.Join(fns, " vs ")
	if v != "" {
		c += " on " + v
	}
	return c
}

// waitOn names in words what a goroutine in state waits on.
func waitOn(state string) string {
	switch {
	case strings.HasPrefix(state, "chan send"):
		return "a channel send"
	case strings.HasPrefix(state, "chan receive"):
		return "a channel receive"
	case state == "select", state == "select (no cases)":
		return "a select"
	case strings.HasPrefix(state, "sync.WaitGroup.Wait"):
		return "WaitGroup.Wait"
	case strings.HasPrefix(state, "sync.RWMutex.RLock"):
		return "an RLock"
	case strings.HasPrefix(state, "sync.Mutex.Lock"), strings.HasPrefix(state, "sync.RWMutex.Lock"):
		return "a Lock"
	case strings.HasPrefix(state, "sync.Cond.Wait"):
		return "Cond.Wait"
	case strings.HasPrefix(state, "IO wait"), strings.HasPrefix(state, "syscall"):
		return "a pipe or a process"
	case state == "running" || state == "runnable":
		return "nothing: it is running"
	case strings.HasPrefix(state, "sleep"):
		return "a sleep"
	}
	return state
}

// because says, from the learner's source, who should have released a
// goroutine waiting on on at code, and did not; "" when the source does
// not tell.
func (p Paths) because(on, code string) string {
	if p.Code == nil {
		return ""
	}
	switch on {
	case "a Lock", "an RLock":
		mu := lockTarget.FindStringSubmatch(code)
		if mu == nil {
			return ""
		}
		return p.missingUnlock(mu[1])
	case "a channel receive", "a select":
		m := recvTarget.FindStringSubmatchIndex(code)
		if m == nil || strings.HasPrefix(code[m[3]:], "(") {
			return "" // a call's result, not a channel the code names
		}
		return p.unclosed(code[m[2]:m[3]])
	case "WaitGroup.Wait":
		wg := waitTarget.FindStringSubmatch(code)
		if wg == nil {
			return ""
		}
		if !p.anyMethod(lastPart(wg[1]), "Done") && !p.anyMethod(lastPart(wg[1]), "Go") {
			return fmt.Sprintf("nothing in your code calls %s.Done, so Wait waits for ever", wg[1])
		}
	}
	return ""
}

// unclosed says that nothing in the learner's code closes ch, or "".
func (p Paths) unclosed(ch string) string {
	if p.anyCall("close", lastPart(ch)) {
		return ""
	}
	return fmt.Sprintf("nothing in your code closes %s, so a receive that waits for more, or a range over it, waits for ever", ch)
}

var (
	lockTarget = regexp.MustCompile(`([A-Za-z_][\w.]*)\.R?Lock\(\)`)
	recvTarget = regexp.MustCompile(`(?:<-\s*|range\s+)([A-Za-z_][\w.]*)`)
	waitTarget = regexp.MustCompile(`([A-Za-z_][\w.]*)\.Wait\(\)`)
)

// lastPart is the last element of a selector: "r.mu" -> "mu".
func lastPart(sel string) string { return sel[strings.LastIndexByte(sel, '.')+1:] }

// parsed parses the learner's files, once per call.
func (p Paths) parsed() (*token.FileSet, []*ast.File) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, n := range p.Code.Names() {
		if f, err := parser.ParseFile(fset, n, p.Code[n], parser.SkipObjectResolution); err == nil {
			files = append(files, f)
		}
	}
	return fset, files
}

// anyCall reports whether the learner's code calls fn(x...) with x ending
// in name.
func (p Paths) anyCall(fn, name string) bool {
	_, files := p.parsed()
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if id, ok := c.Fun.(*ast.Ident); ok && id.Name == fn && len(c.Args) > 0 && endsIn(c.Args[0], name) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// anyMethod reports whether the learner's code calls x.method() with x
// ending in name.
func (p Paths) anyMethod(name, method string) bool {
	_, files := p.parsed()
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == method && endsIn(s.X, name) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// endsIn reports whether e is name or a selector ending in name.
func endsIn(e ast.Expr, name string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == name
	case *ast.SelectorExpr:
		return e.Sel.Name == name
	case *ast.UnaryExpr:
		return endsIn(e.X, name)
	}
	return false
}

// missingUnlock finds a function of the learner's that locks mu (a
// selector such as "r.mu") and can return while holding it: a return after
// the Lock with no Unlock of mu (or deferred Unlock) before it, or the end
// of the function with none at all. It says where, or "".
func (p Paths) missingUnlock(mu string) string {
	name := lastPart(mu)
	fset, files := p.parsed()
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			var lockAt token.Pos
			var lockLine int
			var unlocks []token.Pos // plain and deferred: either covers the returns after it
			var returns []*ast.ReturnStmt
			inClosure := false // an Unlock of mu in a closure (a goroutine's): who holds it is not for the source to tell
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if c, ok := m.(*ast.CallExpr); ok && isMethodCall(c, name, "Unlock", "RUnlock") {
							inClosure = true
						}
						return true
					})
					return false
				case *ast.CallExpr:
					switch {
					case isMethodCall(n, name, "Lock", "RLock") && lockAt == 0:
						lockAt, lockLine = n.Pos(), fset.Position(n.Pos()).Line
					case isMethodCall(n, name, "Unlock", "RUnlock"):
						unlocks = append(unlocks, n.Pos())
					}
				case *ast.ReturnStmt:
					returns = append(returns, n)
				}
				return true
			})
			if lockAt == 0 || inClosure {
				continue
			}
			fn := funcName(fd)
			file := fset.Position(lockAt).Filename
			for _, r := range returns {
				if r.Pos() < lockAt {
					continue
				}
				if !unlockBetween(unlocks, lockAt, r.Pos()) {
					return fmt.Sprintf("%s locks %s at %s:%d and returns at line %d without unlocking it: on that path the lock is never released",
						fn, mu, file, lockLine, fset.Position(r.Pos()).Line)
				}
			}
			if !unlockBetween(unlocks, lockAt, fd.Body.Rbrace) {
				return fmt.Sprintf("%s locks %s at %s:%d and never unlocks it", fn, mu, file, lockLine)
			}
		}
	}
	return ""
}

// unlockBetween reports whether an unlock lies between from and to.
func unlockBetween(unlocks []token.Pos, from, to token.Pos) bool {
	for _, u := range unlocks {
		if u > from && u < to {
			return true
		}
	}
	return false
}

// isMethodCall reports whether c is x.m() for one of methods, x ending in
// name.
func isMethodCall(c *ast.CallExpr, name string, methods ...string) bool {
	s, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || !endsIn(s.X, name) {
		return false
	}
	for _, m := range methods {
		if s.Sel.Name == m {
			return true
		}
	}
	return false
}

// funcName is a function's name as the learner wrote it: "Data",
// "(*Resource).Data".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fd.Name.Name
	}
	return fd.Name.Name
}

// closureOf is the function a closure belongs to: "sumthread.RunAll" for
// "sumthread.RunAll.func1", or "".
var closureOf = regexp.MustCompile(`^(.*?)\.(?:func|gowrap)\d+(?:\.\d+)*$`)

// startedIn says where the learner's code started the goroutine that runs
// fn, when fn is a closure: the first go statement (or WaitGroup.Go) in
// the function it belongs to, "FILE:LINE in FUNC". The race detector keeps
// no frame of a function that touches no memory itself, so the creation
// stack it reports may skip straight to the check's code.
func (p Paths) startedIn(fn string) string {
	m := closureOf.FindStringSubmatch(fn)
	if m == nil || p.Code == nil {
		return ""
	}
	owner := m[1][strings.LastIndexByte(m[1], '.')+1:] // "RunAll", or "DoSomething" of "resource.(*Resource).DoSomething"
	fset, files := p.parsed()
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Name.Name != owner {
				continue
			}
			line := 0
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if line != 0 {
					return false
				}
				switch n := n.(type) {
				case *ast.GoStmt:
					line = fset.Position(n.Pos()).Line
				case *ast.CallExpr:
					if s, ok := n.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Go" {
						line = fset.Position(n.Pos()).Line
					}
				}
				return true
			})
			if line != 0 {
				return fmt.Sprintf("%s/%s:%d in %s", p.Display, fset.Position(fd.Pos()).Filename, line, m[1])
			}
		}
	}
	return ""
}

// startedInAny is startedIn for the first closure of the learner's code in
// frames (a goroutine's function literal, called or calling on).
func (p Paths) startedInAny(frames []Frame) string {
	for _, f := range frames {
		if _, ok := p.learnerFile(f.File); !ok {
			continue
		}
		if in := p.startedIn(p.shortFunc(f.Func)); in != "" {
			return in
		}
	}
	return ""
}

// guarded reports whether the learner's line file:line (a display path)
// runs under a lock: in its function, a Lock (or RLock) comes before it
// with no Unlock in between that is not deferred.
func (p Paths) guarded(file string, line int) bool {
	if p.Code == nil {
		return false
	}
	fset, files := p.parsed()
	for _, f := range files {
		if fset.Position(f.Pos()).Filename != path.Base(file) {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			from, to := fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line
			if line < from || line > to {
				continue
			}
			held := false
			deferred := map[ast.Node]bool{}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.DeferStmt:
					deferred[n.Call] = true
				case *ast.CallExpr:
					s, ok := n.Fun.(*ast.SelectorExpr)
					if !ok || fset.Position(n.Pos()).Line >= line {
						return true
					}
					switch s.Sel.Name {
					case "Lock", "RLock":
						held = true
					case "Unlock", "RUnlock":
						if !deferred[n] {
							held = false
						}
					}
				}
				return true
			})
			return held
		}
	}
	return false
}
