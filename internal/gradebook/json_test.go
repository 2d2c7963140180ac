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
	if err := WriteJSON(&buf, class()); err != nil {
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
	if len(gb.Submissions) != 5 || gb.Submissions[1].Submission != "bob" || gb.Submissions[1].Points != 2 {
		t.Errorf("got %+v, want the five submissions back with bob's 2 points", gb.Submissions)
	}
	if gb.Submissions[3].Error == "" || len(gb.Submissions[1].Notes) != 1 {
		t.Errorf("got dave's error %q and bob's notes %q, want both kept", gb.Submissions[3].Error, gb.Submissions[1].Notes)
	}
	carol := gb.Submissions[2].Exercises[1].Checks
	if carol[2].Printed == "" || carol[3].Visibility != "hidden" || carol[4].Visibility != "after_due_date" {
		t.Errorf("got carol's checks %+v, want printed output and visibilities kept", carol)
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
		{"a shard", `{"version":1,"shard":{"k":2,"n":4},"submissions":[]}`, ""},
		{"a shard past N", `{"version":1,"shard":{"k":5,"n":4},"submissions":[]}`, "shard 5/4: want K/N with 1 ≤ K ≤ N"},
		{"shard 0", `{"version":1,"shard":{"k":0,"n":4},"submissions":[]}`, "shard 0/4"},
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
			gb, _, err := MergeShards(c.books, []string{"s1.json", "s2.json"})
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

func TestJSONShard(t *testing.T) {
	cases := []struct {
		shard *Shard
		want  string // the shard's JSON, "" for none
	}{
		{nil, ""},
		{&Shard{1, 1}, ""},
		{&Shard{2, 4}, `"shard": {
    "k": 2,
    "n": 4
  },`},
	}
	for _, c := range cases {
		gb := New(nil)
		gb.Shard = c.shard
		var buf bytes.Buffer
		if err := WriteJSON(&buf, gb); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), `"shard"`); got != (c.want != "") || !strings.Contains(buf.String(), c.want) {
			t.Errorf("shard %v: got\n%s\nwant the shard as %q", c.shard, buf.String(), c.want)
		}
		back, err := Read(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if c.want != "" && (back.Shard == nil || *back.Shard != *c.shard) {
			t.Errorf("shard %v: got %v back, want it kept", c.shard, back.Shard)
		}
	}
}

func TestMergeShardsWarnings(t *testing.T) {
	shard := func(k, n int, names ...string) *Gradebook {
		var runs []results.Run
		for _, s := range names {
			runs = append(runs, results.Run{Version: results.Version, Submission: s})
		}
		gb := New(runs)
		if n > 0 {
			gb.Shard = &Shard{k, n}
		}
		return gb
	}
	cases := []struct {
		name  string
		books []*Gradebook
		want  []string
	}{
		{"all four", []*Gradebook{shard(3, 4, "c"), shard(1, 4, "a"), shard(2, 4, "b"), shard(4, 4)}, nil},
		{"one whole", []*Gradebook{shard(0, 0, "a", "b")}, nil},
		{"two missing", []*Gradebook{shard(1, 4, "a"), shard(3, 4, "c")}, []string{"2 of 4 shards missing (2/4, 4/4): the merged gradebook lacks their submissions"}},
		{"one missing", []*Gradebook{shard(1, 2, "a")}, []string{"1 of 2 shards missing (2/2)"}},
		{"twice", []*Gradebook{shard(1, 2, "a"), shard(2, 2, "b"), shard(2, 2)}, []string{"shard 2/2 is given 2 times (s2.json, s3.json): merge each shard once"}},
		{"different cuts", []*Gradebook{shard(1, 2, "a"), shard(2, 3, "b")}, []string{"the gradebooks are shards of different cuts (s1.json is 1/2, s2.json is 2/3)"}},
		{"a whole and a shard", []*Gradebook{shard(0, 0, "a"), shard(2, 2, "b")}, []string{"different cuts (s1.json is 1/1, s2.json is 2/2)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gb, warnings, err := MergeShards(c.books, []string{"s1.json", "s2.json", "s3.json", "s4.json"})
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if gb.Shard != nil {
				t.Errorf("got merged shard %v, want none (the whole class)", gb.Shard)
			}
			if len(warnings) != len(c.want) {
				t.Fatalf("got warnings %q, want %d like %q", warnings, len(c.want), c.want)
			}
			for i, w := range c.want {
				if !strings.Contains(warnings[i], w) {
					t.Errorf("got warning %q, want it to say %q", warnings[i], w)
				}
			}
		})
	}
}

// The json format keeps the line saying how isolated the learners' code
// ran, as the text format does.
func TestJSONKeepsSandbox(t *testing.T) {
	gb := class()
	gb.Sandbox = "sandbox: off (-sandbox off): learner code ran with the grader's rights"
	var buf bytes.Buffer
	if err := WriteJSON(&buf, gb); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Sandbox != gb.Sandbox {
		t.Errorf("got sandbox %q back, want %q", back.Sandbox, gb.Sandbox)
	}
}
