package gradebook

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/checkerbin"
	"github.com/goconcurrency/workbook/internal/patch"
)

// The sample class: real submissions, graded by the checker, whose class
// report docs/ shows. Regenerate it and the screenshots from the workbook's
// root with
//
//	go test ./internal/gradebook -run TestDocsScreenshots -args -regrade -screenshots
//
// (-regrade grades the class again into testdata/sample-class.json, which
// takes a minute or two; -screenshots alone renders the stored one), then
// go test ./internal/gradebook -update to bring the goldens made from it up
// to date.
var (
	regrade     = flag.Bool("regrade", false, "grade the sample class again into testdata/sample-class.json (TestDocsScreenshots)")
	screenshots = flag.Bool("screenshots", false, "take the class report's screenshots in docs/ (TestDocsScreenshots)")
)

// sampleJSON is where the graded sample class is kept.
const sampleJSON = "testdata/sample-class.json"

// sampleClass is who is in the sample class, and the known-wrong diffs
// (testdata/NAME/wrong/BUG.diff against solutions/NAME) each learner's copy
// of the solutions has: several share a bug, as a class does.
var sampleClass = []struct {
	name string
	bugs []string // NAME/BUG
}{
	{"ana", nil},
	{"ben", []string{"resource/unlocked_read", "sumthread/runall_shared_counter"}},
	{"chloe", []string{"resource/unlocked_read", "sumthread/sequential_runall", "squarequeue/parent_appends_from_goroutines"}},
	{"dmitri", []string{"resource/data_unlocked", "squarequeue/no_close"}},
	{"eve", []string{"resource/unlocked_read", "squarequeue/no_close", "sumthread/runall_shared_counter"}},
	{"farah", []string{"resource/forgot_unlock", "sumthread/runall_shared_counter"}},
	{"gus", []string{"resource/data_unlocked", "sumthread/sum_skips_negatives", "addthread/done_sent_once"}},
	{"hana", []string{"sumthread/sequential_runall", "squarequeue/no_close"}},
	{"ivan", []string{"squarequeue/child_closes_in", "addthread/done_sent_once"}},
}

// sample reads the graded sample class.
func sample(t testing.TB) *Gradebook {
	t.Helper()
	f, err := os.Open(sampleJSON)
	if err != nil {
		t.Fatalf("%v (go test -run TestDocsScreenshots -args -regrade grades it)", err)
	}
	defer f.Close()
	gb, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return gb
}

// TestDocsScreenshots makes docs/class-report-overview.png (the scores,
// the kinds and the top causes) and docs/class-report-submission.png (one
// submission's section) from the sample class; with -regrade it first
// grades the class again. Skipped without -screenshots or -regrade.
func TestDocsScreenshots(t *testing.T) {
	if !*regrade && !*screenshots {
		t.Skip("makes the docs' screenshots: go test -run TestDocsScreenshots -args [-regrade] -screenshots")
	}
	if *regrade {
		gradeSample(t)
	}
	if !*screenshots {
		return
	}
	page := filepath.Join(t.TempDir(), "class.html")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, sample(t)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, 1280, 1000)
	url := fileURL(t, page)
	if err := b.open(url); err != nil {
		t.Fatal(err)
	}
	if p := b.problems(url); len(p) > 0 {
		t.Fatalf("got problems on the page, want none:\n%s", strings.Join(p, "\n"))
	}
	// The overview: from the top to the end of the third cause.
	end, err := b.rectOf("#causes article:nth-of-type(3)")
	if err != nil {
		t.Fatal(err)
	}
	shot(t, b, rect{0, 0, 1280, end.Y + end.Height + 16}, "../../docs/class-report-overview.png")
	// A submission with a drawing: the first with a race.
	sub, err := b.rectOf(`article.submission:has(.kind.k-race)`)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, b, rect{0, sub.Y - 8, 1280, min(sub.Height+16, 2200)}, "../../docs/class-report-submission.png")
}

// sampleOutput is the most of a check's output the stored sample keeps,
// so that the workbook does not carry hundreds of KiB of goroutine dumps.
const sampleOutput = 2 << 10

// trimSample cuts each check's output in gb to sampleOutput bytes, at a
// line's end, saying so.
func trimSample(gb *Gradebook) {
	for i := range gb.Submissions {
		for j := range gb.Submissions[i].Exercises {
			for k := range gb.Submissions[i].Exercises[j].Checks {
				c := &gb.Submissions[i].Exercises[j].Checks[k]
				if len(c.Output) <= sampleOutput {
					continue
				}
				cut := strings.LastIndexByte(c.Output[:sampleOutput], '\n') + 1
				c.Output = c.Output[:cut] + fmt.Sprintf("… %d more bytes, cut from the workbook's sample class\n", len(c.Output)-cut)
			}
		}
	}
}

// shot writes a screenshot of r to path.
func shot(t *testing.T, b *browser, r rect, path string) {
	png, err := b.screenshot(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%.0f×%.0f)", path, r.Width, r.Height)
}

// gradeSample makes each learner's copy of the workbook from the
// solutions and the learner's diffs, grades them with the checker built
// from this workbook, and keeps the JSON in testdata/sample-class.json.
func gradeSample(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// Inside the workbook, so that the checker finds it; a dot folder, so
	// that ./... leaves it alone.
	class, err := os.MkdirTemp(root, ".sample-class-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(class) })
	exercises, err := os.ReadDir(filepath.Join(root, "solutions"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range sampleClass {
		names = append(names, l.name)
		for _, e := range exercises {
			files := patch.Files{}
			dir := filepath.Join(root, "solutions", e.Name())
			gos, _ := filepath.Glob(filepath.Join(dir, "*.go"))
			for _, g := range gos {
				if strings.HasSuffix(g, "_test.go") {
					continue
				}
				data, err := os.ReadFile(g)
				if err != nil {
					t.Fatal(err)
				}
				files[filepath.Base(g)] = data
			}
			for _, bug := range l.bugs {
				ex, name, _ := strings.Cut(bug, "/")
				if ex != e.Name() {
					continue
				}
				diff, err := os.ReadFile(filepath.Join(root, "testdata", ex, "wrong", name+".diff"))
				if err != nil {
					t.Fatal(err)
				}
				if files, err = patch.Apply(files, string(diff)); err != nil {
					t.Fatalf("%s: %s: %v", l.name, bug, err)
				}
			}
			out := filepath.Join(class, l.name, "exercises", e.Name())
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			for n, data := range files {
				if err := os.WriteFile(filepath.Join(out, n), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	checker := filepath.Join(t.TempDir(), "checker")
	if err := checkerbin.Build(context.Background(), root, checker); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	out, err := filepath.Abs(sampleJSON)
	if err != nil {
		t.Fatal(err)
	}
	grade := exec.CommandContext(ctx, checker, append([]string{"grade", "-format", "json", "-o", out}, names...)...)
	grade.Dir = class
	var stderr bytes.Buffer
	grade.Stderr = &stderr
	err = grade.Run()
	if code := grade.ProcessState.ExitCode(); code != 1 { // 1: some check failed, as it must
		t.Fatalf("checker grade: got exit status %d (%v), want 1\n%s", code, err, stderr.String())
	}
	t.Logf("graded the sample class into %s:\n%s", sampleJSON, stderr.String())
	gb := sample(t)
	if got := len(gb.Submissions); got != len(sampleClass) {
		t.Fatalf("got %d submissions, want %d", got, len(sampleClass))
	}
	trimSample(gb)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, gb); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sampleJSON, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "now run: go test ./internal/gradebook -update")
}
