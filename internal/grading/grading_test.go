package grading

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/target"
)

func TestParseShard(t *testing.T) {
	cases := []struct {
		in      string
		want    Shard
		wantErr bool
	}{
		{"", Shard{1, 1}, false},
		{"1/1", Shard{1, 1}, false},
		{"2/4", Shard{2, 4}, false},
		{"4/4", Shard{4, 4}, false},
		{"0/4", Shard{}, true},
		{"5/4", Shard{}, true},
		{"1/0", Shard{}, true},
		{"-1/2", Shard{}, true},
		{"2", Shard{}, true},
		{"a/b", Shard{}, true},
		{"1/2/3", Shard{}, true},
	}
	for _, c := range cases {
		got, err := ParseShard(c.in)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("ParseShard(%q): got %v, %v; want %v, error %v", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestSlice(t *testing.T) {
	list := []string{"a", "b", "c", "d", "e"}
	cases := []struct {
		shard Shard
		want  string
	}{
		{Shard{1, 1}, "a b c d e"},
		{Shard{1, 2}, "a c e"},
		{Shard{2, 2}, "b d"},
		{Shard{3, 3}, "c"},
		{Shard{6, 6}, ""},
	}
	for _, c := range cases {
		if got := strings.Join(Slice(list, c.shard), " "); got != c.want {
			t.Errorf("Slice %v: got %q, want %q", c.shard, got, c.want)
		}
	}
	// Every submission is in exactly one shard.
	seen := map[string]int{}
	for k := 1; k <= 3; k++ {
		for _, x := range Slice(list, Shard{k, 3}) {
			seen[x]++
		}
	}
	for _, x := range list {
		if seen[x] != 1 {
			t.Errorf("%s is in %d shards of 3, want 1", x, seen[x])
		}
	}
}

func TestSubmissions(t *testing.T) {
	cases := []struct {
		dirs         []string
		names, shown string
	}{
		{[]string{"bob", "alice/"}, "alice bob", "alice bob"},
		{[]string{"2024/alice", "2025/alice", "2024/bob"}, "2024/alice bob 2025/alice", "2024/alice 2024/bob 2025/alice"},
		{[]string{"subs/zed", "subs/amy"}, "amy zed", "subs/amy subs/zed"},
		{[]string{"alice", "./alice", "alice/"}, "alice", "alice"},
	}
	for _, c := range cases {
		var names, shown []string
		for _, s := range Submissions(c.dirs) {
			names = append(names, s.Name)
			shown = append(shown, s.Display)
		}
		if strings.Join(names, " ") != c.names || strings.Join(shown, " ") != c.shown {
			t.Errorf("Submissions(%q): got names %q shown %q, want %q %q", c.dirs, names, shown, c.names, c.shown)
		}
	}
	here := Submissions([]string{"."})[0]
	if here.Display != "" || here.Name == "." || here.Name == "" {
		t.Errorf("Submissions(.): got name %q display %q, want the folder's own name and no prefix", here.Name, here.Display)
	}
}

func TestCopySubmission(t *testing.T) {
	dir, ws := t.TempDir(), t.TempDir()
	ex := filepath.Join(dir, "exercises", "sumthread")
	write := func(name string, size int) {
		if err := os.WriteFile(filepath.Join(ex, name), []byte("package sumthread\n"+strings.Repeat("/", size)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(ex, 0o755); err != nil {
		t.Fatal(err)
	}
	write("sumthread.go", 10)
	write("sumthread_test.go", 10)
	write("huge.go", target.MaxFileSize)
	write("notes.txt", 10)
	if err := os.Symlink("/etc/passwd", filepath.Join(ex, "evil.go")); err != nil {
		t.Fatal(err)
	}
	list := []catalog.Exercise{{ID: "exercise-1", Name: "sumthread"}, {ID: "exercise-2", Name: "missing"}}
	notes, err := CopySubmission(dir, ws, list, "alice")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	entries, _ := os.ReadDir(filepath.Join(ws, "exercises", "sumthread"))
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != "sumthread.go" {
		t.Errorf("got copied %q, want only sumthread.go", got)
	}
	wantNotes := []string{
		"alice/exercises/sumthread/evil.go is a symbolic link: left out",
		"alice/exercises/sumthread/huge.go is over 1024 KiB: left out",
	}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("got notes\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
	if _, err := os.Stat(filepath.Join(ws, "exercises", "missing")); !os.IsNotExist(err) {
		t.Errorf("got a folder for the missing exercise (%v), want none: its checks fail", err)
	}
}
