package diagnose

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/api"
	"github.com/goconcurrency/workbook/internal/target"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// APIMismatch diagnoses a check whose test code does not compile against
// the learner's code, which compiles on its own: the exported API differs
// from the stub's. It names each function, method or type the check uses
// (as the compiler output mentions it) that the learner's code lacks or
// declares differently, with the declaration the checks expect and the
// learner's file and line; no type of the checks' own code appears. ok is
// false when the APIs match (then CompileFailure says what the compiler
// said).
func APIMismatch(output string, stub, code target.Code, p Paths) (v Verdict, ok bool) {
	want, err := api.Entries(stub)
	if err != nil {
		return v, false
	}
	have, err := api.Entries(code)
	if err != nil {
		return v, false
	}
	type miss struct {
		name, line, file string
		n                int
	}
	var all []miss
	for name, w := range want {
		h, found := have[name]
		switch {
		case !found:
			all = append(all, miss{name: name, line: fmt.Sprintf("%s is missing: the checks call %s", name, w.Decl)})
		case h.Sig != w.Sig:
			all = append(all, miss{name: name, file: p.Display + "/" + h.File, n: h.Line,
				line: fmt.Sprintf("%s at %s/%s:%d has another signature: yours is %s; the checks call %s", name, p.Display, h.File, h.Line, h.Decl, w.Decl)})
		}
	}
	if len(all) == 0 {
		return v, false
	}
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	// The ones this check uses: named in what the compiler said.
	var used []miss
	for _, m := range all {
		short := m.name[strings.LastIndexByte(m.name, '.')+1:]
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(short) + `\b`).MatchString(output) {
			used = append(used, m)
		}
	}
	if len(used) == 0 {
		used = all
	}
	var lines []string
	for _, m := range used {
		lines = append(lines, "  "+m.line)
		if v.File == "" && m.file != "" {
			v.File, v.Line = m.file, m.n
		}
	}
	v.Status, v.Kind = Fail, Compile
	v.Message = "the checks cannot call your code: its exported API differs from the stub's\n" + strings.Join(lines, "\n") +
		"\nkeep every exported name and signature exactly as the stub gives them (add helpers of your own beside them)"
	v.Output = capText(p.MapPaths(output))
	var names []string
	for _, m := range used {
		names = append(names, m.name)
	}
	v.Cause = "compile: the API differs from the stub's: " + strings.Join(names, ", ")
	return v, true
}

// FaultOf places a failure that carries no location of its own (a wrong
// value, say) at the learner's declaration of the function the check is
// named after: check "runall-waits" at RunAll, "is-alive" at IsAlive,
// "serve-rejects" at Serve. It leaves v alone when v has a location, or no
// exported name of the code matches.
func FaultOf(v *Verdict, check string, p Paths) {
	if v.File != "" || v.Status == Pass || v.Kind == Compile || v.Kind == Error || p.Code == nil {
		return
	}
	entries, err := api.Entries(p.Code)
	if err != nil {
		return
	}
	byName := map[string]api.Entry{}
	for name, e := range entries {
		short := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
		if old, dup := byName[short]; !dup || old.Name > name {
			byName[short] = e
		}
	}
	words := strings.Split(check, "-")
	for n := min(3, len(words)); n >= 1; n-- {
		if e, ok := byName[strings.Join(words[:n], "")]; ok {
			v.File, v.Line = p.Display+"/"+e.File, e.Line
			return
		}
	}
}

// declarationOf finds fn, a function of the learner's code as a trace
// names it ("check/addthread.(*Thread).Name"), at its declaration: the
// learner's file and line.
func (p Paths) declarationOf(fn string) (file string, line int, ok bool) {
	prefix := testbin.ModulePath + "/" + p.dir() + "."
	rest, found := strings.CutPrefix(fn, prefix)
	if !found || p.Code == nil {
		return "", 0, false
	}
	name := strings.NewReplacer("(", "", ")", "", "*", "").Replace(rest) // "Thread.Name"
	entries, err := api.Entries(p.Code)
	if err != nil {
		return "", 0, false
	}
	e, found := entries[name]
	if !found {
		return "", 0, false
	}
	return p.Display + "/" + e.File, e.Line, true
}
