package authoring

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// TestProven: a mark holds while nothing an exercise's verdict depends on
// changes; a change to its own folders forgets its mark alone, a change to
// the rest of the workbook (the checker, the kits) forgets every mark, and
// the environment's FreshEnv or CI turns the marks off.
func TestProven(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(FreshEnv, "")
	t.Setenv("CI", "")
	cat, err := catalog.Load(fstest.MapFS{
		"testdata/manifest.json": {Data: []byte(`{"exercises":[{"name":"one"},{"name":"two"}]}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	one, two := cat.Exercises[0], cat.Exercises[1]
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"testdata/one/one_a.txtar", "solutions/one/one.go", "exercises/one/one.go",
		"testdata/two/two_a.txtar", "solutions/two/two.go", "exercises/two/two.go", "internal/testbin/run.go", "go.sum"} {
		write(rel, "v1 of "+rel)
	}
	cfg := &Config{Root: root, Catalog: cat, Options: &testbin.Options{Go: &testbin.Toolchain{Version: "go1.26.0"}, Count: 3}}
	open := func(scope string) *Proven {
		t.Helper()
		p, err := OpenProven(root, scope, cat)
		if err != nil || p == nil {
			t.Fatalf("OpenProven = %v, %v; want marks", p, err)
		}
		return p
	}
	held := func(p *Proven, e catalog.Exercise) bool {
		_, ok, _ := p.Before(cfg, e)
		return ok
	}
	// mark marks e as it is now, as Check does once it held.
	mark := func(p *Proven, e catalog.Exercise) {
		_, _, key := p.Before(cfg, e)
		p.Mark(key)
	}

	p := open("TestExercises")
	if held(p, one) || held(p, two) {
		t.Fatal("Before = true before any Mark; want false")
	}
	mark(p, one)
	mark(p, two)
	if !held(p, one) || !held(p, two) {
		t.Fatal("Before = false right after Mark; want true")
	}
	if held(open("TestVerdictsUnderLoad"), one) {
		t.Error("another scope took TestExercises' mark; want scopes apart")
	}
	cfg.Options.Count = 2
	if held(p, one) {
		t.Error("a mark made with Count 3 held with Count 2; want the settings in the key")
	}
	cfg.Options.Count = 3

	// A change to one exercise's checks forgets its mark, not the other's.
	write("testdata/two/two_a.txtar", "v2")
	if p := open("TestExercises"); !held(p, one) || held(p, two) {
		t.Errorf("after a change to testdata/two: one held %t, two held %t; want true, false", held(p, one), held(p, two))
	}
	// So does a new known-wrong submission.
	mark(open("TestExercises"), two)
	write("testdata/two/wrong/new.diff", "a bug")
	if held(open("TestExercises"), two) {
		t.Error("a new known-wrong submission kept the mark; want it forgotten")
	}
	// README and docs never reach a verdict; the checker's code does.
	write("README.md", "words")
	write("docs/page.md", "words")
	if !held(open("TestExercises"), one) {
		t.Error("a change to README.md or docs/ forgot the mark; want it kept")
	}
	write("internal/testbin/run.go", "v2")
	if held(open("TestExercises"), one) {
		t.Error("a change to the checker's code kept the mark; want every mark forgotten")
	}

	for _, env := range []string{FreshEnv, "CI"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "1")
			if p, err := OpenProven(root, "TestExercises", cat); p != nil || err != nil {
				t.Errorf("OpenProven with %s=1 = %v, %v; want nil, nil (check everything)", env, p, err)
			}
		})
	}
	// The key is taken before the check: a change made while an
	// exercise is checked is not marked as proven.
	p = open("TestExercises")
	_, _, key := p.Before(cfg, one)
	write("testdata/one/one_a.txtar", "v2, written while it was checked")
	p.Mark(key)
	if held(open("TestExercises"), one) {
		t.Error("a change made between Before and Mark was taken as proven; want it checked again")
	}

	var none *Proven
	if _, ok, key := none.Before(cfg, one); ok || key != "" {
		t.Errorf("a nil Proven's Before = %t, %q; want false, \"\"", ok, key)
	}
	none.Mark("") // must not panic
}
