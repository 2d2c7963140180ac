package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestGradeUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"grade"}, "usage: checker grade"},
		{[]string{"grade", "-shard", "3/2", "x"}, "bad -shard"},
		{[]string{"grade", "-shard", "0/2", "x"}, "bad -shard"},
		{[]string{"grade", "-format", "yaml", "x"}, "unknown -format"},
		{[]string{"merge"}, "usage: checker merge"},
		{[]string{"merge", "-format", "xml", "x.json"}, "unknown -format"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := exitCode(run(c.args, &stdout, &stderr), &stderr)
		if code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: got exit %d, stderr %q; want 2 saying %q", c.args, code, stderr.String(), c.want)
		}
	}
}

func TestMergeCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sub := func(name string, pts, max int) string {
		status := "pass"
		if pts < max {
			status = "fail"
		}
		return `{"version":1,"target":"exercises","submission":"` + name + `","exercises":[{"id":"exercise-1","name":"sumthread","status":"` + status +
			`","points":` + strconv.Itoa(pts) + `,"max_points":` + strconv.Itoa(max) + `,"checks":[]}],"points":` + strconv.Itoa(pts) + `,"max_points":` + strconv.Itoa(max) + `}`
	}
	s1 := write("s1.json", `{"version":1,"submissions":[`+sub("carol", 2, 7)+`,`+sub("alice", 7, 7)+`]}`)
	s2 := write("s2.json", `{"version":1,"submissions":[`+sub("bob", 3, 7)+`]}`)
	dup := write("dup.json", `{"version":1,"submissions":[`+sub("bob", 1, 7)+`]}`)
	v2 := write("v2.json", `{"version":2,"submissions":[]}`)
	out := filepath.Join(dir, "class.csv")

	var stdout, stderr bytes.Buffer
	if code := exitCode(run([]string{"merge", "-format", "csv", "-o", out, s1, s2}, &stdout, &stderr), &stderr); code != 0 {
		t.Fatalf("merge: got exit %d, stderr %q; want 0", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "submission,exercise-1,total,status|max,7,7,|alice,7,7,graded|bob,3,3,graded|carol,2,2,graded"
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, ","))
	}
	if strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{s1, s2, dup}, `"bob" is in both`},
		{[]string{s1, v2}, "version 2, want 1"},
		{[]string{s1, filepath.Join(dir, "missing.json")}, "no such file"},
	} {
		stderr.Reset()
		code := exitCode(run(append([]string{"merge"}, c.files...), &stdout, &stderr), &stderr)
		if code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("merge %q: got exit %d, stderr %q; want 2 saying %q", c.files, code, stderr.String(), c.want)
		}
	}
}

// merge writes the html class report, named by -format or by the .html
// extension.
func TestMergeHTML(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "class.json")
	cause := "race: sumthread.go sumthread.RunAll.func1 vs sumthread.go sumthread.RunAll.func1 on total"
	gb := `{"version":1,"submissions":[{"version":1,"target":"exercises","submission":"alice","exercises":[{"id":"exercise-1","name":"sumthread",` +
		`"status":"fail","points":0,"max_points":1,"checks":[{"name":"runall-many","title":"RunAll has no data race","status":"fail","kind":"race",` +
		`"cause":"` + cause + `","points":0,"max_points":1,"duration_ms":1}]}],"points":0,"max_points":1}]}`
	if err := os.WriteFile(in, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}
	byFormat, byExt := filepath.Join(dir, "a.report"), filepath.Join(dir, "class.html")
	for _, args := range [][]string{{"merge", "-format", "html", "-o", byFormat, in}, {"merge", "-o", byExt, in}} {
		var stdout, stderr bytes.Buffer
		if code := exitCode(run(args, &stdout, &stderr), &stderr); code != 0 {
			t.Fatalf("%q: got exit %d, stderr %q; want 0", args, code, stderr.String())
		}
	}
	a, errA := os.ReadFile(byFormat)
	b, errB := os.ReadFile(byExt)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Fatalf("got reports that differ (%v, %v), want the same html by -format and by extension", errA, errB)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<svg class="bars"`, `id="sub-alice"`, `<span class="n">1</span> submission`, cause} {
		if !strings.Contains(string(a), want) {
			t.Errorf("got a report without %q, want the class report", want)
		}
	}
}
