package gradebook

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	cases := []struct {
		line int
		want []string
	}{
		{0, []string{"submission", "exercise-1", "exercise-2", "total"}},
		{1, []string{"alice", "3/3", "3/3", "6/6"}},
		{2, []string{"bob", "1/3", "0/3", "1/6"}},
		{3, []string{"carol", "-", "-", "0/0 (not checked)"}},
	}
	for _, c := range cases {
		if c.line >= len(lines) {
			t.Fatalf("got %d lines, want line %d:\n%s", len(lines), c.line, buf.String())
		}
		got := strings.Fields(lines[c.line])
		for _, w := range c.want {
			if !strings.Contains(lines[c.line], w) {
				t.Errorf("line %d: got %q, want it to contain %q", c.line, got, w)
			}
		}
	}
	for _, w := range []string{"carol: not checked: carol: no such folder", "evil.go is a symbolic link: left out"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("got text:\n%s\nwant it to contain %q", buf.String(), w)
		}
	}
}
