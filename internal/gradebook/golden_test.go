package gradebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

// golden renders the sample class in format as its golden file holds it.
// Formats made for one submission at a time (gradescope) are rendered per
// submission; classroom's base64 lines are followed by their decoded JSON,
// and github's stdout by what it appended to the step summary.
func golden(format string) ([]byte, error) {
	gb := class()
	opts := Options{Command: "go run ./checker"}
	var out bytes.Buffer
	switch format {
	case "gradescope":
		for _, r := range gb.Submissions {
			fmt.Fprintf(&out, "=== %s\n", r.Submission)
			if err := Write(&out, format, New(oneRun(r)), opts); err != nil {
				return nil, err
			}
		}
	case "github":
		var summary bytes.Buffer
		opts.StepSummary = &summary
		if err := Write(&out, format, gb, opts); err != nil {
			return nil, err
		}
		out.WriteString("=== $GITHUB_STEP_SUMMARY\n")
		out.Write(summary.Bytes())
	case "classroom":
		if err := Write(&out, format, gb, opts); err != nil {
			return nil, err
		}
		for _, line := range strings.Fields(out.String()) {
			data, err := base64.StdEncoding.DecodeString(line)
			if err != nil {
				return nil, fmt.Errorf("classroom line %.20q…: %w", line, err)
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				return nil, fmt.Errorf("classroom line %.20q…: %w", line, err)
			}
			fmt.Fprintf(&out, "=== decoded: %d bytes of base64\n", len(line))
			if err := writeIndented(&out, v); err != nil {
				return nil, err
			}
		}
	default:
		if err := Write(&out, format, gb, opts); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

func TestGolden(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			got, err := golden(format)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			// Nothing of map order or the clock may change the output.
			again, err := golden(format)
			if err != nil || !bytes.Equal(got, again) {
				t.Fatalf("got different output on a second rendering (error %v), want the same bytes", err)
			}
			path := filepath.Join("testdata", "golden", format+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got output that differs from %s at line %d (go test -update rewrites it):\n%s", path, diffLine(got, want), got)
			}
		})
	}
}

// diffLine is the number of the first line where got and want differ.
func diffLine(got, want []byte) int {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range g {
		if i >= len(w) || g[i] != w[i] {
			return i + 1
		}
	}
	return len(g) + 1
}

// oneRun is a class of r alone.
func oneRun(r results.Run) []results.Run {
	return []results.Run{r}
}
