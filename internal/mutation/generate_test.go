package mutation

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestRejected(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		ops    []string
		id     string
		reason string
	}{
		{"an unused variable", `package p

import "io"

func Loop(ch <-chan int, w io.Writer) {
	line := []byte("tick\n")
	for {
		select {
		case <-ch:
			w.Write(line)
		default:
			return
		}
	}
}
`, []string{"drop-select-case"}, "drop-select-case@p.go:9#1", "does not compile: p.go:6:2: declared and not used: line"},
		{"an unused import", `package p

import "time"

func Wait() { time.Sleep(time.Millisecond) }
`, []string{"drop-sleep"}, "drop-sleep@p.go:5#1", `does not compile: p.go:3:8: "time" imported and not used`},
		{"a duplicate", errPathSrc, []string{"wait-early", "wait-before-read"},
			"wait-before-read@p.go:18#1", "same as mutant wait-early@p.go:18#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, err := Lookup(tt.ops...)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := GenerateReport(map[string][]byte{"p.go": []byte(tt.src)}, ops)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range rep.Mutants {
				if m.ID == tt.id {
					t.Fatalf("%s is a mutant, want it rejected (%s)", tt.id, tt.reason)
				}
			}
			for _, r := range rep.Rejected {
				if r.ID == tt.id {
					if r.Reason != tt.reason {
						t.Errorf("%s: got reason %q, want %q", tt.id, r.Reason, tt.reason)
					}
					return
				}
			}
			t.Errorf("got rejected %+v, want %s (%s)", rep.Rejected, tt.id, tt.reason)
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"no Go files", map[string][]byte{"README": []byte("hi"), "p_test.go": []byte("package p")}, "mutation: no Go files"},
		{"a syntax error", map[string][]byte{"p.go": []byte("package p\nfunc (")}, "mutation: p.go:2:7: expected"},
		{"a type error", map[string][]byte{"p.go": []byte("package p\nvar x int = \"s\"\n")}, "mutation: the package does not type-check: p.go:2:13: cannot use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(tt.files, Operators)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want one starting %q", err, tt.want)
			}
		})
	}
	if _, err := Lookup("drop-lock", "no-such-op"); err == nil || err.Error() != `mutation: no operator "no-such-op"` {
		t.Errorf("Lookup(no-such-op): got %v, want no operator \"no-such-op\"", err)
	}
}

// TestPackage mutates a package of two files (and a test file, which it
// leaves alone): each mutant holds both files, with only its own changed.
func TestPackage(t *testing.T) {
	files := map[string][]byte{
		"b.go":      []byte(lockSrc),
		"a.go":      []byte("package p\n\nfunc Twice(c *C) int {\n\tc.Inc()\n\treturn c.Get()\n}\n"),
		"p_test.go": []byte("package p\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n"),
	}
	ops, err := Lookup("value-receiver", "drop-lock")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(files, ops)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range got {
		ids = append(ids, m.ID)
		if len(m.Files) != 2 || m.Files["p_test.go"] != nil {
			t.Errorf("%s: got files %v, want a.go and b.go", m.ID, keys(m.Files))
		}
		if !bytes.Equal(m.Files["a.go"], files["a.go"]) {
			t.Errorf("%s: a.go changed", m.ID)
		}
	}
	want := []string{"value-receiver@b.go:10#1", "value-receiver@b.go:18#2", "drop-lock@b.go:11#1", "drop-lock@b.go:19#2"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("got mutants %v, want %v", ids, want)
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestApply(t *testing.T) {
	src := []byte("abcdef")
	got, err := apply(src, []edit{{4, 5, "E"}, {1, 1, "+"}, {1, 3, ""}})
	if err != nil || string(got) != "a+dEf" {
		t.Errorf("apply: got %q, %v, want \"a+dEf\"", got, err)
	}
	if _, err := apply(src, []edit{{1, 4, ""}, {2, 3, "x"}}); err == nil {
		t.Errorf("apply of overlapping edits: got no error, want one")
	}
}
