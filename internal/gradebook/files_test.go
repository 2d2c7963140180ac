package gradebook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFormatFor(t *testing.T) {
	cases := []struct{ path, want, wantErr string }{
		{"class.txt", "text", ""},
		{"out/class.JSON", "json", ""},
		{"report.xml", "junit", ""},
		{"grades.csv", "csv", ""},
		{"summary.md", "markdown", ""},
		{"results.b64", "", "results.b64: cannot tell the report's format from its extension"},
		{"noext", "", "noext: cannot tell"},
	}
	for _, c := range cases {
		got, err := FormatFor(c.path)
		switch {
		case c.wantErr == "" && (err != nil || got != c.want):
			t.Errorf("FormatFor(%q): got %q, %v, want %q", c.path, got, err, c.want)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("FormatFor(%q): got %q, %v, want an error saying %q", c.path, got, err, c.wantErr)
		}
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	var summary bytes.Buffer
	files := map[string]string{
		at("class.txt"): "", at("class.json"): "", at("report.xml"): "", at("grades.csv"): "",
		at("summary.md"): "", at("annotations.log"): "github",
	}
	if err := WriteFiles(class(), files, Options{Command: "go run ./checker", StepSummary: &summary}); err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	for path, format := range files {
		if format == "" {
			format, _ = FormatFor(path)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := golden(format)
		if err != nil {
			t.Fatal(err)
		}
		if format == "github" {
			want, _, _ = bytes.Cut(want, []byte("=== $GITHUB_STEP_SUMMARY\n"))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: got a %s report that differs from the golden file", filepath.Base(path), format)
		}
	}
	if md, _ := os.ReadFile(at("summary.md")); summary.String() != string(md) {
		t.Errorf("got step summary %q, want the github report's summary once", summary.String())
	}

	// One report that cannot be rendered: no file is written.
	cases := []struct {
		name    string
		files   map[string]string
		wantErr string
	}{
		{"gradescope of a class", map[string]string{at("a.txt"): "", at("results.json"): "gradescope"}, "results.json: write gradescope: gradescope reads one results.json per submission"},
		{"an unknown extension", map[string]string{at("a.txt"): "", at("b.pdf"): ""}, "b.pdf: cannot tell the report's format"},
		{"an unknown format", map[string]string{at("a.txt"): "", at("b.txt"): "yaml"}, `b.txt: unknown format "yaml"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := WriteFiles(class(), c.files, Options{})
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("got error %v, want one saying %q", err, c.wantErr)
			}
			if _, err := os.Stat(at("a.txt")); !os.IsNotExist(err) {
				t.Errorf("got a.txt written (%v), want no file written", err)
			}
		})
	}

	// A file that cannot be written does not keep the others from being.
	err := WriteFiles(class(), map[string]string{at("no/such/dir/x.csv"): "", at("y.csv"): ""}, Options{})
	if err == nil || !strings.Contains(err.Error(), "write the csv report: open "+at("no/such/dir/x.csv")) {
		t.Errorf("got error %v, want one naming the file it could not write", err)
	}
	if _, err := os.Stat(at("y.csv")); err != nil {
		t.Errorf("got y.csv not written (%v), want it written", err)
	}
}
