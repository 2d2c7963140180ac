package grading

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/target"
)

// TestPlaceSubmission hands in submissions as learners do (a whole copy of
// the workbook, its exercise folders, loose files, an unpacked archive)
// and checks where each file lands, where reports show it, and that every
// file left out is named in a note.
func TestPlaceSubmission(t *testing.T) {
	list := []catalog.Exercise{
		{ID: "exercise-1", Number: 1, Name: "sumthread"},
		{ID: "exercise-3", Number: 3, Name: "resource"},
	}
	pkg := func(name string) string { return "package " + name + "\n\nfunc F() {}\n" }
	big := "package resource\n" + strings.Repeat("/", target.MaxFileSize)
	tests := []struct {
		name   string
		files  map[string]string // path -> content; "-> X" makes a symbolic link to X
		layout string
		placed map[string][]string // exercise -> the files in its workspace folder
		from   map[string]string   // exercise -> where reports show its files
		notes  []string
	}{{
		name:   "whole copy of the workbook",
		files:  map[string]string{"go.mod": "module x\n", "embed.go": pkg("workbook"), "exercises/sumthread/sumthread.go": pkg("sumthread"), "exercises/sumthread/sumthread_test.go": pkg("sumthread"), "solutions/resource/resource.go": pkg("resource")},
		layout: LayoutWorkbook,
		placed: map[string][]string{"sumthread": {"sumthread.go"}},
		from:   map[string]string{"sumthread": "alice/exercises/sumthread", "resource": "alice/exercises/resource"},
	}, {
		name:   "whole copy in the folder of an unpacked archive",
		files:  map[string]string{"workbook-main/go.mod": "module x\n", "workbook-main/exercises/resource/resource.go": pkg("resource"), "__MACOSX/workbook-main/._go.mod": "junk"},
		layout: LayoutWorkbook,
		placed: map[string][]string{"resource": {"resource.go"}},
		from:   map[string]string{"resource": "alice/workbook-main/exercises/resource", "sumthread": "alice/workbook-main/exercises/sumthread"},
	}, {
		name: "whole copy with code outside its exercise folder",
		files: map[string]string{"exercises/sumthread/sumthread.go": pkg("sumthread"), "resource.go": pkg("resource"), "embed.go": pkg("workbook"),
			"exercises/helper.go": pkg("sumthread"), "exercises/scratch/main.go": pkg("main")},
		layout: LayoutWorkbook,
		placed: map[string][]string{"sumthread": {"sumthread.go"}},
		from:   map[string]string{"sumthread": "alice/exercises/sumthread", "resource": "alice/exercises/resource"},
		notes: []string{
			"alice/resource.go (package resource) is outside alice/exercises/resource: left out; move it there",
			"alice/exercises/helper.go (package sumthread) is outside alice/exercises/sumthread: left out; move it there",
			"alice/exercises/scratch/main.go is in no exercise's folder: left out",
		},
	}, {
		name:   "only the exercise folders",
		files:  map[string]string{"sumthread/sumthread.go": pkg("sumthread"), "resource/resource.go": pkg("resource"), "resource/lock.go": pkg("resource")},
		layout: LayoutFiles,
		placed: map[string][]string{"sumthread": {"sumthread.go"}, "resource": {"lock.go", "resource.go"}},
		from:   map[string]string{"sumthread": "alice/sumthread", "resource": "alice/resource"},
	}, {
		name:   "exercise folders named by id, in an archive's folder",
		files:  map[string]string{"hw1/Exercise-1/sum.go": pkg("sumthread"), "hw1/exercise-3/resource.go": pkg("resource")},
		layout: LayoutFiles,
		placed: map[string][]string{"sumthread": {"sum.go"}, "resource": {"resource.go"}},
		from:   map[string]string{"sumthread": "alice/hw1/Exercise-1", "resource": "alice/hw1/exercise-3"},
	}, {
		name:   "loose files, placed by their package clause",
		files:  map[string]string{"sumthread.go": pkg("sumthread"), "mine.go": "// My answer.\npackage resource\n", "notes.txt": "hello"},
		layout: LayoutFiles,
		placed: map[string][]string{"sumthread": {"sumthread.go"}, "resource": {"mine.go"}},
		from:   map[string]string{"sumthread": "alice", "resource": "alice"},
	}, {
		name:   "a file in one exercise's folder with another's package goes by its package",
		files:  map[string]string{"sumthread/sumthread.go": pkg("sumthread"), "sumthread/resource.go": pkg("resource")},
		layout: LayoutFiles,
		placed: map[string][]string{"sumthread": {"sumthread.go"}, "resource": {"resource.go"}},
		from:   map[string]string{"sumthread": "alice/sumthread", "resource": "alice/sumthread"},
	}, {
		name:   "a file that does not parse goes by its folder, so the compiler says what is wrong",
		files:  map[string]string{"resource/resource.go": "pakage resource\n", "main.go": pkg("main"), "broken.go": "func F() {}\n"},
		layout: LayoutFiles,
		placed: map[string][]string{"resource": {"resource.go"}},
		from:   map[string]string{"resource": "alice/resource"},
		notes: []string{
			"alice/broken.go has no package clause Go can read: left out (expected 'package', found 'func')",
			"alice/main.go is package main, which is no exercise's (sumthread, resource): left out",
		},
	}, {
		name: "what is left out is named",
		files: map[string]string{
			"resource.go": pkg("resource"), "old/resource.go": pkg("resource"),
			"resource_test.go": pkg("resource"), "link.go": "-> resource.go", "huge.go": big,
			"answers.zip": "PK", ".git/x.go": pkg("resource"), "._resource.go": "junk", "__MACOSX/._x.go": "junk",
		},
		layout: LayoutFiles,
		placed: map[string][]string{"resource": {"resource.go"}},
		from:   map[string]string{"resource": "alice"},
		notes: []string{
			"alice/answers.zip is an archive: left out (unpack it and hand in what it holds)",
			"alice/huge.go is over 1024 KiB: left out",
			"alice/link.go is a symbolic link: left out",
			"alice/resource_test.go is a test file: left out (the checks are the checker's own)",
			"alice/old/resource.go is a second resource.go for exercise-3: left out (alice/resource.go is the one checked)",
		},
	}, {
		name:   "a copy of the workbook beside other folders: only its exercises are read",
		files:  map[string]string{"hw/wb/go.mod": "module x\n", "hw/wb/exercises/sumthread/sumthread.go": pkg("sumthread"), "hw/wb/solutions/resource/resource.go": pkg("resource"), "hw/wb/internal/x/x.go": pkg("x"), "hw/notes/a.txt": "hi"},
		layout: LayoutFiles,
		placed: map[string][]string{"sumthread": {"sumthread.go"}},
		from:   map[string]string{"sumthread": "alice/hw/wb/exercises/sumthread", "resource": "alice/hw/exercises/resource"},
	}, {
		name:   "nothing to check",
		files:  map[string]string{"report.pdf": "%PDF"},
		layout: LayoutFiles,
		placed: map[string][]string{},
		from:   map[string]string{"sumthread": "alice/exercises/sumthread"},
		notes:  []string{"alice holds no .go file: hand in a copy of the workbook, its exercise folders, or your .go files"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, ws := t.TempDir(), t.TempDir()
			for name, content := range tt.files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				var err error
				if to, ok := strings.CutPrefix(content, "-> "); ok {
					err = os.Symlink(to, path)
				} else {
					err = os.WriteFile(path, []byte(content), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			p, err := PlaceSubmission(dir, ws, list, "alice")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if p.Layout != tt.layout {
				t.Errorf("got layout %q, want %q", p.Layout, tt.layout)
			}
			placed := map[string][]string{}
			for _, e := range list {
				entries, err := os.ReadDir(filepath.Join(ws, catalog.ExercisesDir, e.Name))
				if err != nil {
					continue
				}
				for _, en := range entries {
					placed[e.Name] = append(placed[e.Name], en.Name())
					data, _ := os.ReadFile(filepath.Join(ws, catalog.ExercisesDir, e.Name, en.Name()))
					if len(data) == 0 {
						t.Errorf("%s/%s is empty in the workspace", e.Name, en.Name())
					}
				}
				sort.Strings(placed[e.Name])
			}
			if diff := cmp.Diff(tt.placed, placed); diff != "" {
				t.Errorf("files placed (-want +got):\n%s", diff)
			}
			for ex, want := range tt.from {
				if got := p.Display(*exerciseByName(list, ex)); got != want {
					t.Errorf("%s is shown at %q, want %q", ex, got, want)
				}
			}
			if diff := cmp.Diff(tt.notes, p.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPlaceSubmissionWorkbookAsCopySubmission checks that a whole copy of
// the workbook is read exactly as CopySubmission reads it, notes included.
func TestPlaceSubmissionWorkbookAsCopySubmission(t *testing.T) {
	dir := t.TempDir()
	ex := filepath.Join(dir, "exercises", "sumthread")
	if err := os.MkdirAll(ex, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ex, "sumthread.go"), []byte("package sumthread\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(ex, "evil.go")); err != nil {
		t.Fatal(err)
	}
	list := []catalog.Exercise{{ID: "exercise-1", Name: "sumthread"}}
	want, err := CopySubmission(dir, t.TempDir(), list, "bob")
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlaceSubmission(dir, t.TempDir(), list, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, p.Notes); diff != "" || len(want) != 1 {
		t.Errorf("notes (-CopySubmission +PlaceSubmission):\n%s", diff)
	}
}
