package diagnose

import (
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/target"
)

func TestAPIMismatch(t *testing.T) {
	stub := target.Code{"s.go": []byte("package s\n\nimport \"io\"\n\n// F does.\nfunc F(w io.Writer, n ...int) {}\n\n// T is.\ntype T struct{}\n\n// M does.\nfunc (t *T) M() bool { return false }\n")}
	cases := []struct {
		name, code, output string
		want               []string // in the message
		file               string
		line               int
		ok                 bool
	}{
		{"missing function", "package s\n\ntype T struct{}\n\nfunc (t *T) M() bool { return false }\n",
			"checks/s/a_check.go:3:4: undefined: s.F", []string{"F is missing: the checks call func F(w io.Writer, n ...int)"}, "", 0, true},
		{"changed method", "package s\n\nimport \"io\"\n\nfunc F(w io.Writer, n ...int) {}\n\ntype T struct{}\n\nfunc (t *T) M() int { return 0 }\n",
			"checks/s/a_check.go:9:4: cannot use th.M() (value of type int) as bool", []string{"T.M at exercises/s/s.go:9 has another signature: yours is func (t *T) M() int; the checks call func (t *T) M() bool"}, "exercises/s/s.go", 9, true},
		{"same API", string(stub["s.go"]), "checks/s/a_check.go:3:4: something else", nil, "", 0, false},
	}
	p := Paths{Package: "s", Display: "exercises/s"}
	for _, tc := range cases {
		v, ok := APIMismatch(tc.output, stub, target.Code{"s.go": []byte(tc.code)}, p)
		if ok != tc.ok {
			t.Errorf("%s: got ok %v, want %v (message %q)", tc.name, ok, tc.ok, v.Message)
			continue
		}
		if !ok {
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(v.Message, w) {
				t.Errorf("%s: got message %q, want it to hold %q", tc.name, v.Message, w)
			}
		}
		if strings.Contains(v.Message, "check") && strings.Contains(v.Message, "_check.go") {
			t.Errorf("%s: got message %q naming the checks' own files", tc.name, v.Message)
		}
		if v.Kind != Compile || v.File != tc.file || v.Line != tc.line {
			t.Errorf("%s: got %s at %s:%d, want compile at %s:%d", tc.name, v.Kind, v.File, v.Line, tc.file, tc.line)
		}
	}
}
