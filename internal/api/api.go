// Package api reads the exported API of a package's code: one line per
// exported name, method and field, with full types. The authoring check
// holds a stub and its solution to the same API with it, and the diagnosis
// names what a learner's code lacks with it.
package api

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"

	"github.com/goconcurrency/workbook/internal/target"
	"github.com/google/go-cmp/cmp"
)

// stdlib imports the standard library's packages from source for Of. It
// keeps each package it has read, so the first type check of a process
// reads the library (a second or two) and the next ones take
// milliseconds. An importer is not safe for concurrent use: Of holds
// stdlibMu while it checks. Its file set is shared with the code Of reads.
var (
	stdlibMu   sync.Mutex
	stdlibFset = token.NewFileSet()
	stdlib     = importer.ForCompiler(stdlibFset, "source", nil)
)

// Of lists the exported API of code, one line per exported name, method
// and field, with full types, written relative to the package, sorted.
func Of(code target.Code) ([]string, error) {
	stdlibMu.Lock()
	defer stdlibMu.Unlock()
	fset := stdlibFset
	var files []*ast.File
	for _, n := range code.Names() {
		f, err := parser.ParseFile(fset, n, code[n], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go files")
	}
	conf := types.Config{Importer: stdlib, Error: func(error) {}}
	pkg, err := conf.Check(files[0].Name.Name, fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("type-check: %w", err)
	}
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Path()
	}
	var api []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch o := obj.(type) {
		case *types.Const:
			api = append(api, fmt.Sprintf("const %s %s = %s", name, types.TypeString(o.Type(), qual), o.Val().ExactString()))
		case *types.Var:
			api = append(api, fmt.Sprintf("var %s %s", name, types.TypeString(o.Type(), qual)))
		case *types.Func:
			api = append(api, "func "+name+sigString(o.Type().(*types.Signature), qual))
		case *types.TypeName:
			api = append(api, typeAPI(o, qual)...)
		}
	}
	sort.Strings(api)
	return api, nil
}

// typeAPI describes an exported type: its kind, exported fields, interface
// methods, and the exported methods of T and *T. Unexported fields are free.
func typeAPI(o *types.TypeName, qual types.Qualifier) []string {
	name := o.Name()
	var out []string
	switch u := o.Type().Underlying().(type) {
	case *types.Struct:
		out = append(out, "type "+name+" struct")
		for i := range u.NumFields() {
			f := u.Field(i)
			if f.Exported() {
				out = append(out, fmt.Sprintf("field %s.%s %s", name, f.Name(), types.TypeString(f.Type(), qual)))
			}
		}
	case *types.Interface:
		out = append(out, "type "+name+" interface")
		for i := range u.NumMethods() {
			m := u.Method(i)
			out = append(out, fmt.Sprintf("method %s.%s%s", name, m.Name(), sigString(m.Type().(*types.Signature), qual)))
		}
	default:
		out = append(out, fmt.Sprintf("type %s %s", name, types.TypeString(u, qual)))
	}
	if named, ok := o.Type().(*types.Named); ok {
		for i := range named.NumMethods() {
			m := named.Method(i)
			if !m.Exported() {
				continue
			}
			sig := m.Type().(*types.Signature)
			recv := name
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
				recv = "*" + name
			}
			out = append(out, fmt.Sprintf("method (%s) %s%s", recv, m.Name(), sigString(sig, qual)))
		}
	}
	return out
}

// Diff compares the exported APIs of two packages' code and returns a
// go-cmp diff (-first +second), or "" when they match.
func Diff(first, second target.Code) (string, error) {
	a, err := Of(first)
	if err != nil {
		return "", err
	}
	b, err := Of(second)
	if err != nil {
		return "", err
	}
	return cmp.Diff(a, b), nil
}

// sigString writes a signature's parameter and result types, without
// parameter names: renaming a parameter does not change the API.
func sigString(sig *types.Signature, qual types.Qualifier) string {
	list := func(t *types.Tuple, variadic bool) []string {
		var s []string
		for i := range t.Len() {
			ts := types.TypeString(t.At(i).Type(), qual)
			if variadic && i == t.Len()-1 {
				ts = "..." + strings.TrimPrefix(ts, "[]")
			}
			s = append(s, ts)
		}
		return s
	}
	out := "(" + strings.Join(list(sig.Params(), sig.Variadic()), ", ") + ")"
	switch res := list(sig.Results(), false); len(res) {
	case 0:
	case 1:
		out += " " + res[0]
	default:
		out += " (" + strings.Join(res, ", ") + ")"
	}
	return out
}

// Entry is one exported name of a package, with its declaration as Go
// source (no body, no comment) and where it is declared.
type Entry struct {
	Name string // "RunAll", "Thread", "Thread.IsAlive"
	Decl string // "func (t *Thread) IsAlive() bool"
	File string // the file's name in the package
	Line int
	Sig  string // the declaration's types alone, as Of writes it: two entries with equal Sig are the same API
}

// entriesMemo remembers Entries by the code's fingerprint: type-checking
// reads the standard library from source, which takes a second or two.
var entriesMemo sync.Map

// Entries lists the exported functions, methods, types, variables and
// constants declared in code, by name.
func Entries(code target.Code) (map[string]Entry, error) {
	key := code.Fingerprint()
	if e, ok := entriesMemo.Load(key); ok {
		return e.(map[string]Entry), nil
	}
	out, err := entries(code)
	if err == nil {
		entriesMemo.Store(key, out)
	}
	return out, err
}

func entries(code target.Code) (map[string]Entry, error) {
	sigs := map[string]string{}
	lines, err := Of(code)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if k := sigKey(l); k != "" {
			sigs[k] += l + "\n"
		}
	}
	fset := token.NewFileSet()
	out := map[string]Entry{}
	for _, n := range code.Names() {
		f, err := parser.ParseFile(fset, n, code[n], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				name := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) > 0 {
					name = recvName(d.Recv.List[0].Type) + "." + name
				}
				head := *d
				head.Body, head.Doc = nil, nil
				out[name] = Entry{Name: name, Decl: source(fset, &head), File: n, Line: fset.Position(d.Pos()).Line, Sig: sigs[name]}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							out[s.Name.Name] = Entry{Name: s.Name.Name, Decl: "type " + s.Name.Name, File: n, Line: fset.Position(s.Pos()).Line, Sig: sigs[s.Name.Name]}
						}
					case *ast.ValueSpec:
						for _, id := range s.Names {
							if id.IsExported() {
								out[id.Name] = Entry{Name: id.Name, Decl: d.Tok.String() + " " + id.Name, File: n, Line: fset.Position(id.Pos()).Line, Sig: sigs[id.Name]}
							}
						}
					}
				}
			}
		}
	}
	return out, nil
}

// sigKey is the name an API line of Of is about: "RunAll", "Thread",
// "Thread.IsAlive" (a method, or an interface's method), or "".
func sigKey(line string) string {
	f := strings.Fields(line)
	if len(f) < 2 {
		return ""
	}
	switch f[0] {
	case "func":
		name, _, _ := strings.Cut(f[1], "(")
		return name
	case "const", "var", "type":
		return f[1]
	case "field":
		name, _, _ := strings.Cut(f[1], ".")
		return name
	case "method":
		if strings.HasPrefix(f[1], "(") && len(f) >= 3 {
			recv := strings.Trim(f[1], "(*)")
			name, _, _ := strings.Cut(f[2], "(")
			return recv + "." + name
		}
		typ, _, _ := strings.Cut(f[1], ".") // an interface's method: part of its type
		return typ
	}
	return ""
}

// recvName is the type name of a method's receiver.
func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// source prints a node as Go source.
func source(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	printer.Fprint(&b, fset, n)
	return b.String()
}
