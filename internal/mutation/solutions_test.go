package mutation

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var exercises = []string{"sumthread", "addthread", "resource", "squarequeue", "squarepipe", "daemon", "workers"}

// readSolution reads the non-test .go files of ../../solutions/name.
func readSolution(t *testing.T, name string) map[string][]byte {
	t.Helper()
	dir := filepath.Join("..", "..", "solutions", name)
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in %s (%v)", dir, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	return files
}

// TestSolutions generates every operator's mutants of the seven solutions,
// logs how many each operator made, and holds each solution to at least
// 20 compiling, gofmt-clean, distinct mutants that are the same on a
// second run.
func TestSolutions(t *testing.T) {
	counts := map[string]map[string]int{}
	rejected := map[string]int{}
	for _, ex := range exercises {
		files := readSolution(t, ex)
		rep, err := GenerateReport(files, Operators)
		if err != nil {
			t.Fatalf("%s: GenerateReport: %v", ex, err)
		}
		counts[ex] = map[string]int{}
		for _, m := range rep.Mutants {
			counts[ex][m.Operator]++
		}
		for _, r := range rep.Rejected {
			if strings.HasPrefix(r.Reason, "does not") {
				rejected[ex]++
			}
		}
		if got := len(rep.Mutants); got < 20 {
			t.Errorf("%s: got %d mutants, want at least 20", ex, got)
		}
		again, err := Generate(files, Operators)
		if err != nil {
			t.Fatalf("%s: second Generate: %v", ex, err)
		}
		if !reflect.DeepEqual(rep.Mutants, again) {
			t.Errorf("%s: two runs gave different mutants (%d then %d)", ex, len(rep.Mutants), len(again))
		}
		ids := map[string]bool{}
		contents := map[string]string{}
		for _, m := range rep.Mutants {
			if ids[m.ID] {
				t.Errorf("%s: ID %s is used twice", ex, m.ID)
			}
			ids[m.ID] = true
			if len(m.Files) != len(files) {
				t.Errorf("%s: %s has %d files, want %d", ex, m.ID, len(m.Files), len(files))
			}
			for name, b := range m.Files {
				f, err := format.Source(b)
				if err != nil || !bytes.Equal(f, b) {
					t.Errorf("%s: %s: %s is not gofmt-clean (%v)", ex, m.ID, name, err)
				}
				if name != m.File && !bytes.Equal(b, files[name]) {
					t.Errorf("%s: %s changes %s too", ex, m.ID, name)
				}
			}
			if bytes.Equal(m.Files[m.File], files[m.File]) {
				t.Errorf("%s: %s is the original", ex, m.ID)
			}
			if prev, ok := contents[string(m.Files[m.File])]; ok {
				t.Errorf("%s: %s is the same as %s", ex, m.ID, prev)
			}
			contents[string(m.Files[m.File])] = m.ID
			if m.Description == "" || strings.Contains(m.Description, "\n") {
				t.Errorf("%s: %s: description %q is not one line", ex, m.ID, m.Description)
			}
		}
		if os.Getenv("MUTATION_SHOW") == ex {
			for _, m := range rep.Mutants {
				t.Logf("%s  %s\n%s", m.ID, m.Description, Diff(files[m.File], m.Files[m.File]))
			}
			for _, r := range rep.Rejected {
				t.Logf("rejected %s  %s: %s", r.ID, r.Description, r.Reason)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s", "operator")
	for _, ex := range exercises {
		fmt.Fprintf(&b, " %11s", ex)
	}
	b.WriteString("\n")
	total := map[string]int{}
	for _, op := range Operators {
		fmt.Fprintf(&b, "%-26s", op.Name)
		for _, ex := range exercises {
			fmt.Fprintf(&b, " %11d", counts[ex][op.Name])
			total[ex] += counts[ex][op.Name]
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-26s", "total")
	for _, ex := range exercises {
		fmt.Fprintf(&b, " %11d", total[ex])
	}
	fmt.Fprintf(&b, "\n%-26s", "left out: do not compile")
	for _, ex := range exercises {
		fmt.Fprintf(&b, " %11d", rejected[ex])
	}
	t.Log("mutants per operator and exercise:\n" + b.String())
}
