package gradebook

import (
	"bytes"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	cases := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
		{"file: a, b", "file: a, b", "file%3A a%2C b"},
		{"%0A", "%250A", "%250A"},
	}
	for _, c := range cases {
		if got := EscapeData(c.in); got != c.data {
			t.Errorf("EscapeData(%q): got %q, want %q", c.in, got, c.data)
		}
		if got := EscapeProperty(c.in); got != c.prop {
			t.Errorf("EscapeProperty(%q): got %q, want %q", c.in, got, c.prop)
		}
	}
}

func TestAnnotation(t *testing.T) {
	cases := []struct {
		props map[string]string
		msg   string
		want  string
	}{
		{nil, "hi", "::error::hi\n"},
		{map[string]string{"title": "t: 1", "line": "17", "file": "a/b.go"}, "x\ny", "::error file=a/b.go,line=17,title=t%3A 1::x%0Ay\n"},
	}
	for _, c := range cases {
		if got := Annotation("error", c.props, c.msg); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestWriteGitHub(t *testing.T) {
	var out, summary bytes.Buffer
	if err := WriteGitHub(&out, sample(), Options{StepSummary: &summary}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	want := []string{
		"::warning title=bob%2C \"the builder\"%3A file left out::bob/exercises/sumthread/evil.go is a symbolic link: left out",
		"::error file=bob/exercises/sumthread/sumthread.go,line=17,title=bob%2C \"the builder\" exercise-1 runall-many%3A race::RunAll has no data race%0Atwo goroutines write total at once%0A  at bob/exercises/sumthread/sumthread.go:17",
		"::error file=bob/exercises/resource/resource.go,line=3,title=bob%2C \"the builder\" exercise-2 get%3A compile::Get gives a resource%0Abob/exercises/resource/resource.go:3:1: syntax error",
		"::error title=carol%3A not checked::carol: no such folder",
	}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Errorf("line %d: got\n%s\nwant\n%s", i, lines[min(i, len(lines)-1)], w)
		}
	}
	table := summary.String()
	for _, w := range []string{
		"| submission | exercise-1 sumthread | exercise-2 resource | total |",
		"| ✅ alice | 3/3 | 3/3 | **6/6** |",
		"| ❌ carol | – | – | **0/0** (not checked: carol: no such folder) |",
	} {
		if !strings.Contains(table, w) {
			t.Errorf("got summary:\n%s\nwant a line %q", table, w)
		}
	}
	if !strings.HasSuffix(out.String(), table) {
		t.Errorf("got stdout without the table at its end")
	}
}
