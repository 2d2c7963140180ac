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
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/target"
	"github.com/google/go-cmp/cmp"
)

// Of lists the exported API of code, one line per exported name, method
// and field, with full types, written relative to the package, sorted.
func Of(code target.Code) ([]string, error) {
	fset := token.NewFileSet()
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
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
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
