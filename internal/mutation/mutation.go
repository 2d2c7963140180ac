// Package mutation makes concurrency mutants of a solution's source: copies
// of the package with one learner's mistake each (a dropped Unlock, a
// goroutine that is no longer started, a Wait moved into the loop that
// starts the goroutines, a channel that is never closed ...). A check suite
// that passes a mutant has a hole: the mistake goes unnoticed.
//
// General mutation tools change arithmetic and conditions; these operators
// know locks, channels, WaitGroups, select, contexts and child processes.
// They work on the syntax tree, with go/types telling a sync.Mutex from any
// other value with a Lock method, and they edit the source text, so
// comments stay where they were.
//
// Every mutant is gofmt-formatted and type-checks as a package (imports
// are read from the standard library's source, once per process).
// Candidates that do not compile, that gofmt makes identical to the
// original, or that repeat an earlier mutant are left out and listed in
// Report.Rejected with the reason.
//
// Generation is deterministic: operators in the order given, files in name
// order, nodes in source order; an ID is operator@file:line#n, n counting
// that operator's candidates in that file (rejected ones too, so an ID
// does not move when another candidate stops compiling).
//
// Use:
//
//	ms, err := mutation.Generate(files, mutation.Operators) // files: name -> source of one package
//	for _, m := range ms {
//		// write m.Files to a directory, check it like a submission;
//		// if every check passes, m survived: report m.ID, m.Description
//		// and mutation.Diff(files[m.File], m.Files[m.File]).
//	}
package mutation

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"
)

// A Mutant is the whole package with one file changed by one operator.
type Mutant struct {
	ID          string            // operator@file:line#n, n counting that operator's candidates in that file from 1
	Operator    string            // the operator's Name
	File        string            // the changed file
	Line        int               // the line of the original file where the change is
	Description string            // the mistake, in a learner's words
	Files       map[string][]byte // every .go file of the package; only File differs from the original
}

// An Operator makes one kind of mistake wherever it fits.
type Operator struct {
	Name string // e.g. "drop-unlock"
	Doc  string // one line: what it changes
	find func(*fileCtx) []cand
}

// A Rejected candidate is one that did not become a Mutant.
type Rejected struct {
	ID, Operator, File string
	Line               int
	Description        string
	Reason             string // "does not compile: …", "same as the original", "same as mutant ID"
}

// Report is everything one generation found.
type Report struct {
	Mutants  []Mutant
	Rejected []Rejected
}

// Generate returns the mutants of the package made of files (name -> source;
// _test.go files and non-.go files are ignored) that ops make, in a fixed
// order. It fails when the package itself does not parse or type-check.
func Generate(files map[string][]byte, ops []Operator) ([]Mutant, error) {
	r, err := GenerateReport(files, ops)
	if err != nil {
		return nil, err
	}
	return r.Mutants, nil
}

// Lookup returns the operators with the given names, in the given order.
func Lookup(names ...string) ([]Operator, error) {
	var ops []Operator
	for _, n := range names {
		found := false
		for _, op := range Operators {
			if op.Name == n {
				ops = append(ops, op)
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("mutation: no operator %q", n)
		}
	}
	return ops, nil
}

// GenerateReport is Generate, and it also says which candidates were left
// out and why.
func GenerateReport(files map[string][]byte, ops []Operator) (*Report, error) {
	var names []string
	for n := range files {
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("mutation: no Go files")
	}
	p := &pkgCtx{fset: token.NewFileSet()}
	var asts []*ast.File
	for _, n := range names {
		f, err := parser.ParseFile(p.fset, n, files[n], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("mutation: %v", err)
		}
		asts = append(asts, f)
	}
	p.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	pkg, err := typeCheck(p.fset, asts, p.info)
	if err != nil {
		return nil, fmt.Errorf("mutation: the package does not type-check: %v", err)
	}
	p.pkg = pkg

	// Every file as it is and as gofmt has it, to tell a no-op mutant.
	formatted := map[string][]byte{}
	for _, n := range names {
		b, err := format.Source(files[n])
		if err != nil {
			return nil, fmt.Errorf("mutation: %s: %v", n, err)
		}
		formatted[n] = b
	}

	rep := &Report{}
	seen := map[string]string{} // file + "\x00" + mutated source -> mutant ID
	for _, op := range ops {
		if op.find == nil {
			return nil, fmt.Errorf("mutation: operator %q has no finder", op.Name)
		}
		for i, n := range names {
			fc := &fileCtx{pkgCtx: p, name: n, src: files[n], f: asts[i], tf: p.fset.File(asts[i].Pos())}
			for k, c := range op.find(fc) {
				line := p.fset.Position(c.pos).Line
				id := fmt.Sprintf("%s@%s:%d#%d", op.Name, n, line, k+1)
				rej := func(reason string) {
					rep.Rejected = append(rep.Rejected, Rejected{ID: id, Operator: op.Name, File: n, Line: line, Description: c.desc, Reason: reason})
				}
				out, err := apply(files[n], c.edits)
				if err != nil {
					rej("bad edit: " + err.Error())
					continue
				}
				out, err = format.Source(out)
				if err != nil {
					rej("does not parse: " + err.Error())
					continue
				}
				if bytes.Equal(out, formatted[n]) {
					rej("same as the original")
					continue
				}
				key := n + "\x00" + string(out)
				if prev, ok := seen[key]; ok {
					rej("same as mutant " + prev)
					continue
				}
				seen[key] = id
				if err := checkMutant(names, files, n, out); err != nil {
					rej("does not compile: " + err.Error())
					continue
				}
				m := Mutant{ID: id, Operator: op.Name, File: n, Line: line, Description: c.desc, Files: map[string][]byte{}}
				for _, o := range names {
					m.Files[o] = files[o]
				}
				m.Files[n] = out
				rep.Mutants = append(rep.Mutants, m)
			}
		}
	}
	return rep, nil
}

// imports is shared by every type-check: the standard library is read from
// source once per process.
var imports struct {
	sync.Mutex
	fset *token.FileSet
	imp  types.Importer
}

func typeCheck(fset *token.FileSet, files []*ast.File, info *types.Info) (*types.Package, error) {
	imports.Lock()
	defer imports.Unlock()
	if imports.imp == nil {
		imports.fset = token.NewFileSet()
		imports.imp = importer.ForCompiler(imports.fset, "source", nil)
	}
	var first error
	conf := types.Config{Importer: imports.imp, Error: func(err error) {
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check(files[0].Name.Name, fset, files, info)
	return pkg, first
}

// checkMutant type-checks the package with file changed to src.
func checkMutant(names []string, files map[string][]byte, changed string, src []byte) error {
	fset := token.NewFileSet()
	var asts []*ast.File
	for _, n := range names {
		b := files[n]
		if n == changed {
			b = src
		}
		f, err := parser.ParseFile(fset, n, b, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		asts = append(asts, f)
	}
	_, err := typeCheck(fset, asts, nil)
	return err
}

// An edit replaces src[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// apply makes the edits, which must not overlap. Insertions at the start of
// a replacement go before it.
func apply(src []byte, edits []edit) ([]byte, error) {
	es := append([]edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].end-es[i].start < es[j].end-es[j].start
	})
	var b bytes.Buffer
	prev := 0
	for _, e := range es {
		if e.start < prev || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("overlapping edits at offset %d", e.start)
		}
		b.Write(src[prev:e.start])
		b.WriteString(e.text)
		prev = e.end
	}
	b.Write(src[prev:])
	return b.Bytes(), nil
}

// A cand is one place where an operator applies.
type cand struct {
	pos   token.Pos
	desc  string
	edits []edit
}

type pkgCtx struct {
	fset *token.FileSet
	pkg  *types.Package
	info *types.Info
}

type fileCtx struct {
	*pkgCtx
	name  string
	src   []byte
	f     *ast.File
	tf    *token.File
	lists []stmtList // memo of stmtLists
}

// Diff shows what a mutant changed in a file: the lines from the first
// that differs to the last that differs, each original line with "- " and
// then each mutated line with "+ ".
func Diff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	i := 0
	for i < len(al) && i < len(bl) && al[i] == bl[i] {
		i++
	}
	j, k := len(al), len(bl)
	for j > i && k > i && al[j-1] == bl[k-1] {
		j--
		k--
	}
	var s strings.Builder
	for _, l := range al[i:j] {
		s.WriteString("- " + l + "\n")
	}
	for _, l := range bl[i:k] {
		s.WriteString("+ " + l + "\n")
	}
	return s.String()
}
