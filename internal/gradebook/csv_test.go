package gradebook

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestWriteCSV(t *testing.T) {
	odd := results.Run{Version: results.Version, Submission: "=bob, \"the builder\"", Exercises: []results.Exercise{{ID: "exercise-1", Name: "sumthread",
		Checks: []results.Check{{Name: "sum", Status: results.Pass, Points: 1, MaxPoints: 1}}}}}
	odd.Total()
	cases := []struct {
		name string
		gb   *Gradebook
		want [][]string
	}{
		{"class", class(), [][]string{
			{"submission", "exercise-1", "exercise-2", "total", "status"},
			{"max", "4", "6", "10", ""},
			{"alice", "4", "6", "10", "graded"},
			{"bob", "2", "0", "2", "graded"},
			{"carol", "3", "4", "7", "graded"},
			{"dave", "", "", "0", "not checked"},
			{"erin", "3", "4", "7", "error"},
		}},
		{"quotes and commas", New(oneRun(odd)), [][]string{
			{"submission", "exercise-1", "total", "status"},
			{"max", "1", "1", ""},
			{"=bob, \"the builder\"", "1", "1", "graded"},
		}},
		{"nobody", New(nil), [][]string{{"submission", "total", "status"}, {"max", "0", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, c.gb); err != nil {
				t.Fatal(err)
			}
			got, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("got CSV that does not parse: %v", err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d rows %q, want %d", len(got), got, len(c.want))
			}
			for i := range c.want {
				if strings.Join(got[i], "|") != strings.Join(c.want[i], "|") {
					t.Errorf("row %d: got %q, want %q", i, got[i], c.want[i])
				}
			}
		})
	}
}
