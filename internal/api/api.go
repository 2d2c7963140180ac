package authoring

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// API lists the exported API of the package in dir, one line per exported
// name, method and field, with full types, written relative to the package.
func API(dir string) ([]string, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
	pkg, err := conf.Check(files[0].Name.Name, fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("type-check %s: %w", dir, err)
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

// DiffAPI compares the exported APIs of two package folders and returns a
// go-cmp diff (-first +second), or "" when they match.
func DiffAPI(first, second string) (string, error) {
	a, err := API(first)
	if err != nil {
		return "", err
	}
	b, err := API(second)
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
