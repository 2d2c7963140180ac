package testbin

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/target"
)

func TestBuildCodeThatDoesNotCompile(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	u := tinyUnit("", tinyCode("\nfunc Broken() int { return \"not an int\" }\n"), checkNamed("pass"), checkNamed("after"))
	bin, excluded := build(t, opts, u)
	if bin != nil {
		t.Errorf("got binary %s, want none", bin.Path)
	}
	if len(excluded) != 1 {
		t.Fatalf("got %d exclusions, want 1: %+v", len(excluded), excluded)
	}
	x := excluded[0]
	if x.Unit != u || x.Check != "" {
		t.Errorf("got exclusion of unit %p check %q, want the whole unit %p", x.Unit, x.Check, u)
	}
	if !strings.Contains(x.Output, "more.go:") || !strings.Contains(x.Output, "not an int") {
		t.Errorf("got compiler output %q, want the error at more.go", x.Output)
	}
}

func TestBuildLeavesOutACheckThatDoesNotCompile(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	bad := check{name: "bad", src: `func TestBad(t *testing.T) {
	if tiny.Missing() != 1 {
		t.Error("not 1")
	}
}
`, tests: []string{"TestBad"}}
	u := tinyUnit("", tinyCode(""), checkNamed("pass"), bad)
	bin, excluded := build(t, opts, u)
	if len(excluded) != 1 {
		t.Fatalf("got %d exclusions, want 1: %+v", len(excluded), excluded)
	}
	if x := excluded[0]; x.Unit != u || x.Check != "bad" || !strings.Contains(x.Output, "Missing") {
		t.Errorf("got exclusion of check %q with output %q, want check bad about Missing", x.Check, x.Output)
	}
	if bin == nil {
		t.Fatal("got no binary, want one with the check pass")
	}
	if len(bin.Units) != 1 || !slices.Equal(bin.Units[0].Order, []string{"pass"}) {
		t.Fatalf("got binary units %v, want one with the order [pass]", bin.Units)
	}
	if !slices.Equal(u.Order, []string{"pass", "bad"}) {
		t.Errorf("got the caller's unit order changed to %v, want it kept", u.Order)
	}
	built := bin.Units[0]
	run := runTests(t, opts, bin, built, []string{built.TestName("TestPass")}, AtFailure)
	if got := lastAction(run.Processes[0].Events, built.TestName("TestPass")); got != "pass" {
		t.Errorf("got the remaining check %q, want pass\n%s", got, describe(run))
	}
}

func TestBuildVariants(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	greet := func(word string) target.Code {
		return target.Code{"tiny.go": []byte("package tiny\n\nfunc Hello() string { return \"" + word + "\" }\n")}
	}
	wants := func(name, word string) check {
		return check{name: name, imports: []string{"fmt"}, src: `func Test` + name + `(t *testing.T) {
	fmt.Println("greeting:", tiny.Hello())
	if got := tiny.Hello(); got != "` + word + `" {
		t.Errorf("got %q, want ` + word + `", got)
	}
}
`, tests: []string{"Test" + name}}
	}
	one := tinyUnit("v1", greet("one"), wants("One", "one"))
	two := tinyUnit("v2", greet("two"), wants("Two", "two"))
	bin, excluded := build(t, opts, one, two)
	if bin == nil || len(excluded) > 0 {
		t.Fatalf("got binary %v and exclusions %+v, want a binary and none", bin, excluded)
	}
	for _, tt := range []struct {
		u     *Unit
		test  string
		name  string
		greet string
	}{
		{one, "TestOne", "Test_v1_tiny_One", "greeting: one"},
		{two, "TestTwo", "Test_v2_tiny_Two", "greeting: two"},
	} {
		if got := tt.u.TestName(tt.test); got != tt.name {
			t.Errorf("got test name %q, want %q", got, tt.name)
		}
		run := runTests(t, opts, bin, tt.u, []string{tt.name}, AtFailure)
		p := run.Processes[0]
		if got := actions(p.Events); !slices.Equal(got, []string{"run " + tt.name, "pass " + tt.name}) {
			t.Errorf("%s: got actions %v, want it run and passed alone\n%s", tt.name, got, describe(run))
		}
		if out := Output(p.Events, tt.name); !strings.Contains(out, tt.greet) {
			t.Errorf("%s: got output %q, want %q", tt.name, out, tt.greet)
		}
	}
}

// TestWriteModule checks the layout of a check build, without building it.
func TestWriteModule(t *testing.T) {
	dir := t.TempDir()
	plain := tinyUnit("", tinyCode(""), checkNamed("pass"))
	plain.Shared = map[string][]byte{"kit_test.go": []byte("package tiny_test\n\nimport \"check/tiny\"\n\nvar _ = tiny.Hello\n")}
	variant := tinyUnit("w1", tinyCode(""), checkNamed("fail"))
	if err := WriteModule(dir, []byte("sum\n"), []*Unit{plain, variant}); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("got %v, want file %s", err, p)
		}
		return string(data)
	}
	if got := read("go.sum"); got != "sum\n" {
		t.Errorf("go.sum: got %q, want the given one", got)
	}
	if got := read("go.mod"); !strings.HasPrefix(got, "module check\n") {
		t.Errorf("go.mod: got %q, want module check", got)
	}
	for _, p := range []string{"tiny/tiny.go", "w1/tiny/tiny.go", "checks/tiny/pass_check.go", "checks/tiny/kit_check.go", "checks/w1/tiny/fail_check.go", "checkkit/checkkit.go", "checkkit/protocol/protocol.go"} {
		read(p)
	}
	if _, err := os.Stat(filepath.Join(dir, "checkkit", "stall_test.go")); err == nil {
		t.Errorf("got the kit's own tests in the build, want them left out")
	}
	if got := read("checks/w1/tiny/fail_check.go"); !strings.Contains(got, `"check/w1/tiny"`) || strings.Contains(got, `"check/tiny"`) {
		t.Errorf("variant check: got imports in\n%s\nwant check/tiny moved to check/w1/tiny", got)
	}
	if got := read("checkkit/checkkit.go"); strings.Contains(got, kitImport) {
		t.Errorf("kit: got the workbook's import path %s left in it", kitImport)
	}
	run := read("run/run_test.go")
	for _, want := range []string{
		"func TestMain(m *testing.M) { checkkit.Main(m) }",
		"checks_tiny \"check/checks/tiny\"",
		"checks_w1_tiny \"check/checks/w1/tiny\"",
		"func Test_tiny_Pass(t *testing.T) {\n\tdefer checkkit.Record(t)()\n\tchecks_tiny.TestPass(t)\n}",
		"func Test_w1_tiny_Fail(t *testing.T) {\n\tdefer checkkit.Record(t)()\n\tchecks_w1_tiny.TestFail(t)\n}",
	} {
		if !strings.Contains(run, want) {
			t.Errorf("run package: got\n%s\nwant it to hold %q", run, want)
		}
	}
}

// TestAttribute reads recorded compiler output the way Build does after a
// failed build: who is to blame, and what is left to build.
func TestAttribute(t *testing.T) {
	mk := func(variant string) *Unit {
		return &Unit{Package: "tiny", Variant: variant, Order: []string{"a", "b"},
			Checks: map[string]map[string][]byte{"a": {"a_test.go": nil}, "b": {"b_test.go": nil}}}
	}
	tests := []struct {
		name     string
		out      string
		excluded []string // "DIR CHECK" of each exclusion
		left     []string // "DIR ORDER" of each unit left
	}{
		{
			name:     "the code of one unit",
			out:      "# check/v1/tiny\nv1/tiny/tiny.go:3:9: undefined: x\n",
			excluded: []string{"v1/tiny "},
			left:     []string{"v2/tiny [a b]"},
		},
		{
			name:     "one check of one unit",
			out:      "# check/checks/v2/tiny\nchecks/v2/tiny/b_check.go:7:5: undefined: tiny.Missing\n",
			excluded: []string{"v2/tiny b"},
			left:     []string{"v1/tiny [a b]", "v2/tiny [a]"},
		},
		{
			name:     "every check of a unit",
			out:      "checks/v1/tiny/a_check.go:7:5: undefined: tiny.M\nchecks/v1/tiny/b_check.go:8:5: undefined: tiny.N\n",
			excluded: []string{"v1/tiny a", "v1/tiny b"},
			left:     []string{"v2/tiny [a b]"},
		},
		{
			name:     "a check and the code of the same unit: only the unit",
			out:      "v1/tiny/tiny.go:3:9: undefined: x\nchecks/v1/tiny/a_check.go:7:5: undefined: tiny.M\n",
			excluded: []string{"v1/tiny "},
			left:     []string{"v2/tiny [a b]"},
		},
		{
			name:     "a shared test file blames the whole unit",
			out:      "checks/v2/tiny/kit_check.go:1:1: syntax error\n",
			excluded: []string{"v2/tiny "},
			left:     []string{"v1/tiny [a b]"},
		},
		{
			name: "the generated run package: nothing to leave out",
			out:  "run/run_test.go:9:2: undefined: checks_v1_tiny.TestA\n",
		},
		{
			name: "no file named",
			out:  "go: something went wrong\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			units := []*Unit{mk("v1"), mk("v2")}
			excluded, left := attribute(tt.out, units)
			var gotX, gotLeft []string
			for _, x := range excluded {
				gotX = append(gotX, x.Unit.Dir()+" "+x.Check)
				if !strings.Contains(tt.out, strings.TrimSpace(x.Output)) {
					t.Errorf("got exclusion output %q, want lines of the compiler's", x.Output)
				}
			}
			for _, u := range left {
				gotLeft = append(gotLeft, fmt.Sprintf("%s %v", u.Dir(), u.Order))
			}
			if !slices.Equal(gotX, tt.excluded) {
				t.Errorf("got exclusions %q, want %q", gotX, tt.excluded)
			}
			if !slices.Equal(gotLeft, tt.left) {
				t.Errorf("got units left %q, want %q", gotLeft, tt.left)
			}
			if !slices.Equal(units[0].Order, []string{"a", "b"}) || !slices.Equal(units[1].Order, []string{"a", "b"}) {
				t.Errorf("got the given units' orders changed, want them kept")
			}
		})
	}
}

func TestMachineFault(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want string // a part of the message; "" for none
	}{
		{"module missing offline", "go: github.com/google/go-cmp@v0.7.0: module lookup disabled by GOPROXY=off\n", "go-cmp@v0.7.0"},
		{"missing go.sum entry", "missing go.sum entry for module providing package golang.org/x/sync@v0.1.0: x\n", "golang.org/x/sync@v0.1.0"},
		{"disk full", "write /tmp/x/b0/checks.test: no space left on device\n", "the disk is full"},
		{"a compile error is the code's", "tiny/tiny.go:3:9: undefined: x\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := machineFault(tt.out)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want a message holding %q", got, tt.want)
			}
		})
	}
}

func TestCgoUse(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, src, want string
	}{
		{"none", "package p\n\nimport \"fmt\"\n", ""},
		{"alone", "package p\n\n// #include <stdlib.h>\nimport \"C\"\n", "v1/p/a.go:4:8: import \"C\""},
		{"grouped", "package p\n\nimport (\n\t\"fmt\"\n\t\"C\"\n)\n", "v1/p/a.go:5:2: import \"C\""},
		{"renamed", "package p\n\nimport c \"C\"\n", "v1/p/a.go:3:10: import \"C\""},
		{"a string that says C", "package p\n\nvar s = \"C\"\n", ""},
		{"does not parse", "package p\n\nimport \"C\n", ""},
	} {
		u := &Unit{Package: "p", Variant: "v1", Code: target.Code{"a.go": []byte(c.src)}}
		got := cgoUse(u)
		if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: cgoUse = %q, want it to start with %q", c.name, got, c.want)
		}
	}
}

// TestBuildHelpers checks that a unit whose checks register a helper child
// gets the helper build beside its binary, that the helper runs from it
// and an ordinary child from the race-enabled binary, and that a unit
// without helpers gets no helper build.
func TestBuildHelpers(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	where := check{name: "Where", imports: []string{"os", "path/filepath", "check/checkkit"}, src: `func init() {
	where := func() int {
		exe, _ := os.Executable()
		os.Stdout.WriteString(filepath.Base(exe))
		return 0
	}
	checkkit.RegisterHelper("helper", where)
	checkkit.RegisterChild("child", where)
}

func TestWhere(t *testing.T) {
	for _, c := range []struct{ name, want string }{{"helper", "helpers.test"}, {"child", "checks.test"}} {
		out, err := checkkit.Command(t, c.name).Output()
		if err != nil || string(out) != c.want {
			t.Errorf("child %s ran from %q (%v); want %s", c.name, out, err, c.want)
		}
	}
}
`, tests: []string{"TestWhere"}}
	u := tinyUnit("", tinyCode(""), where)
	bin, excluded := build(t, opts, u)
	if bin == nil || len(excluded) > 0 {
		t.Fatalf("got binary %v and exclusions %+v, want a binary and none", bin, excluded)
	}
	if got := filepath.Base(bin.Helpers); bin.Helpers == "" || got != "helpers.test" {
		t.Fatalf("got helper build %q, want helpers.test beside the binary", bin.Helpers)
	}
	run := runTests(t, opts, bin, u, names(u, "TestWhere"), AtFailure)
	if got := lastAction(run.Processes[0].Events, u.TestName("TestWhere")); got != "pass" {
		t.Errorf("got %s, want pass\n%s", got, describe(run))
	}

	plain := tinyUnit("", tinyCode(""), check{name: "Plain", src: "func TestPlain(t *testing.T) {}\n", tests: []string{"TestPlain"}})
	if bin, _ := build(t, opts, plain); bin == nil || bin.Helpers != "" {
		t.Errorf("got binary %+v, want one without a helper build (no check registers a helper)", bin)
	}
}

// TestBuildHelpersFromStub checks that the helper build is made with the
// units' stand-in code (Unit.Stub), not the code under check: a helper sees
// the stub, an ordinary child the code, and two submissions of different
// code share one helper binary.
func TestBuildHelpersFromStub(t *testing.T) {
	t.Parallel()
	opts := testOptions(t, 30*time.Second)
	says := check{name: "Says", imports: []string{"os", "check/checkkit"}, src: `func init() {
	hello := func() int {
		os.Stdout.WriteString(tiny.Hello())
		return 0
	}
	checkkit.RegisterHelper("helper", hello)
	checkkit.RegisterChild("child", hello)
}

func TestSays(t *testing.T) {
	for _, c := range []struct{ name, want string }{{"helper", "stub"}, {"child", tiny.Hello()}} {
		out, err := checkkit.Command(t, c.name).Output()
		if err != nil || string(out) != c.want {
			t.Errorf("child %s said %q (%v); want %q", c.name, out, err, c.want)
		}
	}
}
`, tests: []string{"TestSays"}}
	stub := target.Code{"tiny.go": []byte("package tiny\n\n// Hello greets.\nfunc Hello() string { return \"stub\" }\n")}
	var helpers [][]byte
	for _, word := range []string{"hello", "bonjour"} {
		code := target.Code{"tiny.go": []byte("package tiny\n\n// Hello greets.\nfunc Hello() string { return \"" + word + "\" }\n")}
		u := tinyUnit("", code, says)
		u.Stub = stub
		bin, excluded := build(t, opts, u)
		if bin == nil || bin.Helpers == "" || len(excluded) > 0 {
			t.Fatalf("%s: got binary %+v and exclusions %+v; want a binary with a helper build and no exclusions", word, bin, excluded)
		}
		run := runTests(t, opts, bin, u, names(u, "TestSays"), AtFailure)
		if got := lastAction(run.Processes[0].Events, u.TestName("TestSays")); got != "pass" {
			t.Errorf("%s: got %s, want pass\n%s", word, got, describe(run))
		}
		data, err := os.ReadFile(bin.Helpers)
		if err != nil {
			t.Fatal(err)
		}
		helpers = append(helpers, data)
	}
	if !bytes.Equal(helpers[0], helpers[1]) {
		t.Errorf("the helper builds of two submissions differ (%d and %d bytes); want one binary for both", len(helpers[0]), len(helpers[1]))
	}
}
