package grading

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// TestGradeEndToEnd grades a small class on exercise-1 through the same
// code as `checker grade`: alice hands in the reference answer, bob one
// whose Sum skips negative numbers, carol's folder is missing, and dave's
// has no exercises at all.
func TestGradeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs check binaries; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tc, cat, e, src := exerciseOne(ctx, t)
	broken := strings.Replace(string(src), "\t\ttotal += n\n", "\t\tif n > 0 {\n\t\t\ttotal += n\n\t\t}\n", 1)
	if broken == string(src) {
		t.Fatal("could not break Sum in the reference answer: has it changed?")
	}
	class := t.TempDir()
	put := func(who, content string) {
		dir := filepath.Join(class, who, "exercises", "sumthread")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sumthread.go"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("alice", string(src))
	put("bob", broken)
	// bob's own tests must not replace the checks.
	if err := os.WriteFile(filepath.Join(class, "bob", "exercises", "sumthread", "sumthread_test.go"), []byte("package sumthread\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(class, "dave"), 0o755); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, who := range []string{"dave", "carol", "bob", "alice"} {
		dirs = append(dirs, filepath.Join(class, who))
	}
	var done []string
	start := time.Now()
	// Checks run sandboxed, as a uid of their own: their folders must be
	// reachable by others, which t.TempDir's are not.
	tmp, err := os.MkdirTemp("", "grade-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	if err := os.Chmod(tmp, 0o711); err != nil {
		t.Fatal(err)
	}
	opts := &testbin.Options{Go: tc, GoSum: workbook.GoSum, Jobs: make(chan struct{}, 2), Count: 1, Timeout: time.Minute, TempDir: tmp}
	runs, err := Grade(ctx, Config{
		Catalog: cat, Options: opts, Exercises: []catalog.Exercise{e}, Parallel: 2,
		Done: func(r results.Run) { done = append(done, r.Submission) },
	}, Submissions(dirs))
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	t.Logf("graded %d submissions in %v", len(runs), time.Since(start).Round(time.Millisecond))
	if len(runs) != 4 || len(done) != 4 {
		t.Fatalf("got %d results and %d Done calls, want 4 each", len(runs), len(done))
	}
	by := map[string]results.Run{}
	for _, r := range runs {
		by[r.Submission] = r
	}
	alice, bob, carol, dave := by["alice"], by["bob"], by["carol"], by["dave"]
	t.Logf("alice %d/%d, bob %d/%d, carol %q, dave %d/%d", alice.Points, alice.MaxPoints, bob.Points, bob.MaxPoints, carol.Error, dave.Points, dave.MaxPoints)
	if alice.Error != "" || alice.MaxPoints == 0 || alice.Points != alice.MaxPoints || !alice.Passed() {
		t.Errorf("alice: got %d/%d points, error %q; want every point", alice.Points, alice.MaxPoints, alice.Error)
	}
	if bob.MaxPoints != alice.MaxPoints || bob.Points == 0 || bob.Points >= bob.MaxPoints {
		t.Errorf("bob: got %d/%d points, want partial credit (some, not all)", bob.Points, bob.MaxPoints)
	}
	for _, ex := range bob.Exercises {
		for _, c := range ex.Checks {
			if c.Name == "sum" && (c.Status != results.Fail || c.Kind != "wrong") {
				t.Errorf("bob's sum check: got %s %s, want fail wrong", c.Status, c.Kind)
			}
			if c.File != "" && !strings.HasPrefix(c.File, filepath.ToSlash(filepath.Join(class, "bob", "exercises", "sumthread"))+"/") {
				t.Errorf("bob's %s check: got file %q, want one in bob's folder", c.Name, c.File)
			}
		}
	}
	if !strings.Contains(carol.Error, "no such folder") || carol.Points != 0 {
		t.Errorf("carol: got error %q and %d points, want no such folder and 0", carol.Error, carol.Points)
	}
	if dave.Error != "" || dave.Points != 0 || dave.MaxPoints != alice.MaxPoints {
		t.Errorf("dave: got %d/%d points, error %q; want 0 of %d, checked", dave.Points, dave.MaxPoints, dave.Error, alice.MaxPoints)
	}
}

// exerciseOne is what the grading tests start from: the toolchain (the
// test skips without one), the workbook's catalog, exercise-1 and the
// source of its reference answer.
func exerciseOne(ctx context.Context, t *testing.T) (*testbin.Toolchain, *catalog.Catalog, catalog.Exercise, []byte) {
	t.Helper()
	tc, err := testbin.FindToolchain(ctx)
	if err != nil {
		t.Skipf("no Go toolchain: %v", err)
	}
	cat, err := catalog.Load(workbook.Checks)
	if err != nil {
		t.Fatal(err)
	}
	e, err := cat.Lookup("sumthread")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../solutions/sumthread/sumthread.go")
	if err != nil {
		t.Fatal(err)
	}
	return tc, cat, e, src
}
