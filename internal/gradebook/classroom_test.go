package gradebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteClassroom(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteClassroom(&buf, sample(), Options{Command: "go run ./checker"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want one per submission (3)", len(lines))
	}
	var got []ClassroomResult
	for i, l := range lines {
		data, err := base64.StdEncoding.DecodeString(l)
		if err != nil {
			t.Fatalf("line %d: got no base64: %v", i, err)
		}
		var r ClassroomResult
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("line %d: got no JSON: %v", i, err)
		}
		got = append(got, r)
	}
	cases := []struct {
		status   string
		max      int
		tests    int
		score    int
		filename string
		line     int
	}{
		{"pass", 6, 3, 6, "", 0},
		{"fail", 6, 3, 1, "bob/exercises/sumthread/sumthread.go", 17},
		{"error", 0, 1, 0, "", 0},
	}
	for i, c := range cases {
		r := got[i]
		score := 0
		for _, tc := range r.Tests {
			score += tc.Score
		}
		if r.Version != 1 || r.Status != c.status || r.MaxScore != c.max || len(r.Tests) != c.tests || score != c.score {
			t.Errorf("submission %d: got version %d status %s max %d tests %d score %d, want 1 %s %d %d %d", i, r.Version, r.Status, r.MaxScore, len(r.Tests), score, c.status, c.max, c.tests, c.score)
		}
		if c.filename != "" {
			tc := r.Tests[1]
			if tc.Filename != c.filename || tc.LineNo != c.line || tc.Status != "fail" || tc.Duration != 1500 {
				t.Errorf("submission %d: got %s:%d %s %dms, want %s:%d fail 1500ms", i, tc.Filename, tc.LineNo, tc.Status, tc.Duration, c.filename, c.line)
			}
			if tc.TestCode != "go run ./checker -run '^runall-many$' exercise-1" {
				t.Errorf("got test_code %q, want the command re-running the check", tc.TestCode)
			}
		}
	}
}
