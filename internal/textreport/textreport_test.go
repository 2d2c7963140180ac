package textreport

import (
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

func TestSameFailureSaidOnce(t *testing.T) {
	compile := "the code does not compile:\nexercises/squarepipe/squarepipe.go:18:14: undefined: io"
	e := results.Exercise{ID: "exercise-5", Name: "squarepipe", Status: results.Fail, Checks: []results.Check{
		{Name: "a", Title: "A", Status: results.Fail, Kind: "compile", Message: compile},
		{Name: "b", Title: "B", Status: results.Pass},
		{Name: "c", Title: "C", Status: results.Fail, Kind: "compile", Message: compile},
		{Name: "d", Title: "D", Status: results.Fail, Kind: "wrong", Message: "got 3; want 4"},
	}}
	cases := []struct {
		verbose      bool
		wantCompiles int
		wantSame     bool
	}{
		{false, 1, true},
		{true, 2, false},
	}
	for _, tc := range cases {
		var out strings.Builder
		p := &Printer{W: &out, Verbose: tc.verbose}
		p.Exercise(e)
		got := out.String()
		if n := strings.Count(got, "undefined: io"); n != tc.wantCompiles {
			t.Errorf("verbose %v: got the compile error %d times; want %d:\n%s", tc.verbose, n, tc.wantCompiles, got)
		}
		if same := strings.Contains(got, "the same as check a above"); same != tc.wantSame {
			t.Errorf("verbose %v: got %q said %v; want %v:\n%s", tc.verbose, "the same as check a above", same, tc.wantSame, got)
		}
		if !strings.Contains(got, "got 3; want 4") {
			t.Errorf("verbose %v: got no message for check d; want it in full:\n%s", tc.verbose, got)
		}
	}
}
