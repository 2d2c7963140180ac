package authoring

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/target"
)

// fixture is an exercise "ex" whose files the cases change one at a time.
func fixture(t *testing.T, files fstest.MapFS) (*Config, *exercise) {
	t.Helper()
	fs := fstest.MapFS{
		"testdata/manifest.json":   {Data: []byte(`{"exercises":[{"name":"ex"}]}`)},
		"testdata/ex/order.txt":    {Data: []byte("one\n")},
		"testdata/ex/hints.md":     {Data: []byte("Think of a channel as a queue.\n---\n```go\nch := make(chan int)\n```\n")},
		"testdata/ex/ex_one.txtar": {Data: []byte("# One works.\ngotest\n-- one_test.go --\npackage ex_test\nimport \"testing\"\nfunc TestOne(t *testing.T) {}\n")},
		"testdata/ex/stub.txtar":   {Data: []byte("-- ex.go --\npackage ex\n")},
	}
	for n, f := range files {
		fs[n] = f
	}
	cat, err := catalog.Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	sol := target.Code{"ex.go": []byte("// Package ex is it.\npackage ex\n\n// F does.\nfunc F() int { return 1 }\n")}
	stub := target.Code{"ex.go": []byte("// Package ex is it.\npackage ex\n\n// F does.\nfunc F() int { panic(\"write F\") }\n")}
	return &Config{Catalog: cat}, &exercise{e: cat.Exercises[0], stub: stub, pristine: stub, solution: sol}
}

func TestRules(t *testing.T) {
	cases := []struct {
		name  string
		rule  func(*Config, *exercise, *Report)
		files fstest.MapFS
		edit  func(*exercise)
		want  string // in the one problem; "" for none
	}{
		{"a pristine stub", stubIsPristine, nil, nil, ""},
		{"a solved stub", stubIsPristine, nil, func(x *exercise) { x.stub = x.solution }, "differs from its pristine stub"},
		{"hints that open with an idea", hintsOpenWithAnIdea, nil, nil, ""},
		{"a first hint with code", hintsOpenWithAnIdea, fstest.MapFS{"testdata/ex/hints.md": {Data: []byte("```go\nx := 1\n```\n")}}, nil, "shows code"},
		{"no hints", hintsOpenWithAnIdea, fstest.MapFS{"testdata/ex/hints.md": {Data: []byte("\n")}}, nil, "no hints"},
		{"documented", documented, nil, nil, ""},
		{"an undocumented function", documented, nil, func(x *exercise) {
			x.solution = target.Code{"ex.go": []byte("// Package ex is it.\npackage ex\n\nfunc F() int { return 1 }\n")}
		}, "without a doc comment: F"},
		{"formatted", formatted, nil, nil, ""},
		{"not formatted", formatted, nil, func(x *exercise) {
			x.solution = target.Code{"ex.go": []byte("// Package ex is it.\npackage ex\n// F does.\nfunc F() int {return 1}\n")}
		}, "not gofmt-clean"},
		{"the same API", sameAPI, nil, nil, ""},
		{"another API", sameAPI, nil, func(x *exercise) {
			x.solution = target.Code{"ex.go": []byte("// Package ex is it.\npackage ex\n\n// F does.\nfunc F() string { return \"\" }\n")}
		}, "different APIs"},
		{"every check in order.txt", manifestOrdersChecks, nil, nil, ""},
		{"a check missing from order.txt", manifestOrdersChecks, fstest.MapFS{"testdata/ex/order.txt": {Data: []byte("# none\n")}}, nil, "does not list check one"},
		{"a check listed that does not exist", manifestOrdersChecks, fstest.MapFS{"testdata/ex/order.txt": {Data: []byte("one\ntwo\n")}}, nil, "lists check two, which"},
		{"a small known-wrong", wrongsAreSmall, nil, func(x *exercise) { x.wrong = []*Wrong{{Name: "w", Changed: 4}} }, ""},
		{"a big known-wrong", wrongsAreSmall, nil, func(x *exercise) { x.wrong = []*Wrong{{Name: "w", Changed: MaxWrongLines + 1}} }, "keep a known-wrong submission to one bug"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, x := fixture(t, tc.files)
			if tc.edit != nil {
				tc.edit(x)
			}
			r := &Report{}
			tc.rule(cfg, x, r)
			switch {
			case tc.want == "" && len(r.Problems) > 0:
				t.Errorf("got problems %q, want none", r.Problems)
			case tc.want != "" && (len(r.Problems) != 1 || !strings.Contains(r.Problems[0], tc.want)):
				t.Errorf("got problems %q, want one holding %q", r.Problems, tc.want)
			}
		})
	}
}

func TestParseWrong(t *testing.T) {
	sol := target.Code{"ex.go": []byte("package ex\n\nfunc F() int {\n\treturn 1\n}\n")}
	diff := "--- a/ex.go\n+++ b/ex.go\n@@ -3,3 +3,3 @@\n func F() int {\n-\treturn 1\n+\treturn 2\n }\n"
	cases := []struct {
		name, text, err string
		changed         int
	}{
		{"good", "# F gives 2.\none wrong\n\n" + diff, "", 2},
		{"no bug line", "one wrong\n\n" + diff, "no '#' line", 0},
		{"no check", "# F gives 2.\n\n" + diff, "names no check", 0},
		{"a bad kind", "# F gives 2.\none slow\n\n" + diff, "unknown kind", 0},
		{"a line not CHECK KIND", "# F gives 2.\none wrong extra\n\n" + diff, "is not \"CHECK KIND\"", 0},
		{"no diff", "# F gives 2.\none wrong\n", "no diff", 0},
		{"a diff that no longer applies", "# F gives 2.\none wrong\n\n" + strings.Replace(diff, "return 1", "return 9", 1), "no longer applies", 0},
	}
	for _, tc := range cases {
		w := ParseWrong("w", tc.text, sol)
		switch {
		case tc.err == "" && w.Err != nil:
			t.Errorf("%s: got error %v, want none", tc.name, w.Err)
		case tc.err != "" && (w.Err == nil || !strings.Contains(w.Err.Error(), tc.err)):
			t.Errorf("%s: got error %v, want one holding %q", tc.name, w.Err, tc.err)
		case tc.err == "" && (w.Changed != tc.changed || !strings.Contains(string(w.Code["ex.go"]), "return 2") || w.Description != "F gives 2." || len(w.Want) != 1):
			t.Errorf("%s: got %+v, want the diff applied, %d changed lines, one want", tc.name, w, tc.changed)
		}
	}
}

func TestReadEquivalent(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/equivalent.txt"
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# accepted survivors\nbuffer-chan@ex.go:21#1  # done is only closed, never sent on\n\n")
	got, err := readEquivalent(path)
	if err != nil || got["buffer-chan@ex.go:21#1"] != "done is only closed, never sent on" || len(got) != 1 {
		t.Errorf("got %q, %v; want the one mutant and its reason", got, err)
	}
	write("buffer-chan@ex.go:21#1\n")
	if _, err := readEquivalent(path); err == nil {
		t.Errorf("a mutant with no reason: got no error, want one")
	}
	if got, err := readEquivalent(dir + "/none.txt"); err != nil || got != nil {
		t.Errorf("no file: got %q, %v; want nothing, no error", got, err)
	}
}
