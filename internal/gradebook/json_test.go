package gradebook

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatalf("got invalid JSON: %v", err)
	}
	if raw["version"] != float64(1) {
		t.Errorf("got version %v, want 1", raw["version"])
	}
	gb, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read: got error %v, want none", err)
	}
	if len(gb.Submissions) != 3 || gb.Submissions[1].Submission != "bob, \"the builder\"" || gb.Submissions[1].Points != 1 {
		t.Errorf("got %+v, want the three submissions back with bob's 1 point", gb.Submissions)
	}
	if gb.Submissions[2].Error == "" || len(gb.Submissions[1].Notes) != 1 {
		t.Errorf("got carol's error %q and bob's notes %q, want both kept", gb.Submissions[2].Error, gb.Submissions[1].Notes)
	}
}

func TestRead(t *testing.T) {
	cases := []struct {
		name, in, wantErr string
	}{
		{"empty class", `{"version":1,"submissions":[]}`, ""},
		{"one", `{"version":1,"submissions":[{"version":1,"submission":"a","exercises":[]}]}`, ""},
		{"not JSON", `points: 3`, "not a gradebook"},
		{"newer gradebook", `{"version":2,"submissions":[]}`, "version 2, want 1"},
		{"newer results", `{"version":1,"submissions":[{"version":2,"submission":"a"}]}`, "results version 2"},
		{"no name", `{"version":1,"submissions":[{"version":1}]}`, "no name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in))
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("got error %v, want one saying %q", err, c.wantErr)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	book := func(names ...string) *Gradebook {
		var runs []results.Run
		for _, n := range names {
			runs = append(runs, results.Run{Version: results.Version, Submission: n})
		}
		return New(runs)
	}
	old := book("x")
	old.Version = 0
	cases := []struct {
		name    string
		books   []*Gradebook
		want    string
		wantErr string
	}{
		{"two shards", []*Gradebook{book("dave", "bob"), book("carol", "alice")}, "alice bob carol dave", ""},
		{"an empty shard", []*Gradebook{book(), book("bob")}, "bob", ""},
		{"one", []*Gradebook{book("b", "a")}, "a b", ""},
		{"duplicate", []*Gradebook{book("alice"), book("alice", "bob")}, "", `"alice" is in both s1.json and s2.json`},
		{"version mismatch", []*Gradebook{book("a"), old}, "", "s2.json: version 0, want 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gb, err := Merge(c.books, []string{"s1.json", "s2.json"})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Errorf("got error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			var got []string
			for _, r := range gb.Submissions {
				got = append(got, r.Submission)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), c.want)
			}
		})
	}
}
