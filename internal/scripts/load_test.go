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

func TestTestFilesConflicts(t *testing.T) {
	mk := func(file, body string) *Script {
		s, err := Parse("x", file, []byte("# T.\ngotest\n-- "+body))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := mk("x_a.txtar", "a_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n-- h_test.go --\npackage x\nfunc h() {}\n")
	b := mk("x_b.txtar", "b_test.go --\npackage x\nfunc TestB(t *testing.T) {}\n-- h_test.go --\npackage x\nfunc h() {}\n")
	if _, err := TestFiles([]*Script{a, b}); err != nil {
		t.Errorf("identical shared helper: got error %v; want none", err)
	}
	c := mk("x_c.txtar", "c_test.go --\npackage x\nfunc TestC(t *testing.T) {}\n-- h_test.go --\npackage x\nfunc h() { _ = 1 }\n")
	if _, err := TestFiles([]*Script{a, c}); err == nil || !strings.Contains(err.Error(), "must be identical") {
		t.Errorf("differing shared helper: got error %v; want one about identical files", err)
	}
	d := mk("x_d.txtar", "d_test.go --\npackage x\nfunc TestA(t *testing.T) {}\n")
	if _, err := TestFiles([]*Script{a, d}); err == nil || !strings.Contains(err.Error(), "defined in both") {
		t.Errorf("duplicate test: got error %v; want one naming both scripts", err)
	}
}
