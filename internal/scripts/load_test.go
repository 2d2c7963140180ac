package scripts

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := "# Sum adds up numbers.\n# points: 3\n\ngotest\n\n-- sum_test.go --\npackage x_test\n\nimport \"testing\"\n\nfunc TestSum(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc helper() {}\n"
	s, err := Parse("sumthread", "sumthread_sum_all.txtar", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "sum-all" || s.Title != "Sum adds up numbers." || s.Points != 3 || strings.Join(s.Tests, ",") != "TestSum" {
		t.Errorf("got name %q title %q points %d tests %v; want sum-all, the title, 3, [TestSum]", s.Name, s.Title, s.Points, s.Tests)
	}
	bad := []struct{ name, src, want string }{
		{"no title", "gotest\n-- a_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n", "must open with"},
		{"no gotest", "# A title.\n-- a_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n", "never runs its tests"},
		{"no tests", "# A title.\ngotest\n-- a_test.go --\npackage x\n", "no Test functions"},
		{"nested", "# A title.\ngotest\n-- d/a_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n", "top of the archive"},
	}
	for _, tc := range bad {
		_, err := Parse("x", "x_a.txtar", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v; want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	mk := func(file, body string) *Script {
		s, err := Parse("x", file, []byte("# T.\ngotest\n-- "+body))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := mk("x_a.txtar", "a_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n")
	b := mk("x_b.txtar", "b_test.go --\npackage x\nfunc TestB(t *testing.T) {}\n")
	kit := map[string][]byte{KitFile: []byte("package x\nfunc helper() {}\n")}
	cases := []struct {
		name   string
		list   []*Script
		shared map[string][]byte
		want   string // "" for no error
	}{
		{"separate checks and a kit", []*Script{a, b}, kit, ""},
		{"a file repeated across scripts", []*Script{a, mk("x_c.txtar", "a_test.go --\npackage x\nfunc TestC(t *testing.T) {}\n")}, nil, "each check carries only its own files"},
		{"a script repeating the kit", []*Script{mk("x_d.txtar", "d_test.go --\npackage x\nfunc TestD(t *testing.T) {}\n-- kit_test.go --\npackage x\n")}, kit, "as the exercise's kit does"},
		{"a test defined twice", []*Script{a, mk("x_e.txtar", "e_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n")}, nil, "defined in both"},
		{"a test in the kit", []*Script{a}, map[string][]byte{KitFile: []byte("package x\nfunc TestK(t *testing.T) {}\n")}, "Test functions belong in a check's script"},
	}
	for _, tc := range cases {
		err := Validate(tc.list, tc.shared)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: got error %v, want none", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
