package sandbox_test

import (
	"flag"
	"os/exec"
	"testing"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

func TestParseMode(t *testing.T) {
	for _, s := range []string{"auto", "require", "off"} {
		m, err := sandbox.ParseMode(s)
		if err != nil || m.String() != s {
			t.Errorf("ParseMode(%q) = %v, %v", s, m, err)
		}
	}
	if _, err := sandbox.ParseMode("on"); err == nil {
		t.Errorf("ParseMode(on) did not fail")
	}
	var m sandbox.Mode
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.Var(&m, "sandbox", "auto|require|off")
	if m != sandbox.Auto {
		t.Errorf("the zero Mode is %v, want auto", m)
	}
	if err := fs.Parse([]string{"-sandbox", "require"}); err != nil || m != sandbox.Require {
		t.Errorf("-sandbox require: %v, %v", m, err)
	}
}

func TestWrapRejects(t *testing.T) {
	for name, p := range map[string]sandbox.Policy{
		"no scratch":    {},
		"relative path": {Scratch: "/tmp", ReadOnly: []string{"ws"}},
	} {
		if _, err := sandbox.Wrap(exec.Command("/bin/true"), p); err == nil {
			t.Errorf("%s: Wrap did not fail", name)
		}
	}
}

func TestStatusErr(t *testing.T) {
	for _, tt := range []struct {
		st sandbox.Status
		ok bool
	}{
		{sandbox.Status{Landlock: 7, Seccomp: true}, true},
		{sandbox.Status{Landlock: 1, Seccomp: true, OwnUID: true}, true},
		{sandbox.Status{Landlock: 4, Seccomp: true}, false},
		{sandbox.Status{Landlock: 7}, false},
		{sandbox.Status{Reason: "no", Seccomp: true, OwnUID: true}, false},
	} {
		if err := tt.st.Err(); (err == nil) != tt.ok {
			t.Errorf("%+v: Err() = %v", tt.st, err)
		}
	}
}
