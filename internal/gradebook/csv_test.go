package gradebook

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("got CSV that does not parse: %v", err)
	}
	want := [][]string{
		{"submission", "exercise-1", "exercise-2", "total"},
		{"alice", "3", "3", "6"},
		{"bob, \"the builder\"", "1", "0", "1"},
		{"carol", "", "", "0"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
