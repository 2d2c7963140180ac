package patch

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnifiedThenApplyRoundTrips(t *testing.T) {
	sol, err := os.ReadFile(filepath.Join("..", "..", "solutions", "sumthread", "sumthread.go"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	base := lines(string(sol))
	for i := range 300 {
		mut := append([]string(nil), base...)
		for range 1 + rng.Intn(4) {
			p := rng.Intn(len(mut))
			switch rng.Intn(3) {
			case 0:
				mut = append(mut[:p], mut[p+1:]...)
			case 1:
				mut = append(mut[:p], append([]string{"\t// inserted\n"}, mut[p:]...)...)
			default:
				mut[p] = "\tchanged()\n"
			}
		}
		to := strings.Join(mut, "")
		if i%7 == 0 {
			to = strings.TrimSuffix(to, "\n")
		}
		from := Files{"sumthread.go": sol}
		d := Unified(from, Files{"sumthread.go": []byte(to)})
		got, err := Apply(from, "# a description\nrunall-waits wrong\n\n"+d)
		if err != nil {
			t.Fatalf("case %d: got error %v applying\n%s", i, err, d)
		}
		if string(got["sumthread.go"]) != to {
			t.Fatalf("case %d: got\n%s\nwant\n%s\ndiff:\n%s", i, got["sumthread.go"], to, d)
		}
	}
}

func TestApplyAddsAndRemovesFiles(t *testing.T) {
	from := Files{"a.go": []byte("package a\n"), "b.go": []byte("package a\n\nvar B = 1\n")}
	to := Files{"a.go": []byte("package a\n"), "c.go": []byte("package a\n\nvar C = 2\n")}
	d := Unified(from, to)
	got, err := Apply(from, d)
	if err != nil {
		t.Fatalf("got error %v, want none; diff:\n%s", err, d)
	}
	if len(got) != 2 || string(got["c.go"]) != string(to["c.go"]) || got["b.go"] != nil {
		t.Errorf("got %q, want %q", got, to)
	}
}

func TestApplyFailsLoudlyWhenTheSolutionMoved(t *testing.T) {
	from := Files{"a.go": []byte("package a\n\nfunc F() {\n\tx()\n\ty()\n}\n")}
	d := Unified(from, Files{"a.go": []byte("package a\n\nfunc F() {\n\tx()\n}\n")})
	moved := Files{"a.go": []byte("// Package a is documented now.\npackage a\n\nfunc F() {\n\tx()\n\ty()\n}\n")}
	if got, err := Apply(moved, d); err != nil || !strings.Contains(string(got["a.go"]), "documented") || strings.Contains(string(got["a.go"]), "y()") {
		t.Errorf("a hunk that moved: got %q, %v; want it applied at its new place", got["a.go"], err)
	}
	changed := Files{"a.go": []byte("package a\n\nfunc F() {\n\tx()\n\tz()\n}\n")}
	if _, err := Apply(changed, d); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("a hunk whose context changed: got error %v, want one saying it does not match", err)
	}
	if _, err := Apply(from, "# no diff here\n"); err == nil {
		t.Errorf("no diff: got no error, want one")
	}
}

func TestChanged(t *testing.T) {
	d := Unified(Files{"a.go": []byte("a\nb\nc\n")}, Files{"a.go": []byte("a\nB\nc\nd\n")})
	if got, want := Changed(d), 3; got != want {
		t.Errorf("got %d changed lines, want %d in\n%s", got, want, d)
	}
}
