package checkkit

import "testing"

func TestCodeFrames(t *testing.T) {
	cases := []struct {
		stack string
		want  bool
	}{
		{"check/workers.RunAll({0x1, 0x2})\n\tcheck/workers/workers.go:30 +0x1\n", true},
		{"os.(*File).Read(0x1)\n\tos/file.go:1 +0x1\ncreated by check/workers.RunAll in goroutine 7\n\tcheck/workers/workers.go:41 +0x2\n", true},
		{"check/workers_test.TestX(0x1)\n\tcheck/workers/x_test.go:9 +0x1\n", false},
		{"check/checkkit.(*Rendezvous).listen(0x1)\n\tcheck/checkkit/rendezvous.go:60 +0x1\n", false},
		{"testing.tRunner(0x1)\n\ttesting/testing.go:1 +0x1\n", false},
	}
	for _, tc := range cases {
		if got := codeFrames(tc.stack); got != tc.want {
			t.Errorf("codeFrames(%q) = %v; want %v", tc.stack, got, tc.want)
		}
	}
}

func TestCodeStuckWithoutCodeUnderTest(t *testing.T) {
	// No goroutine of a check/X package exists in this test binary, so
	// nothing can be called stuck.
	if codeStuck() {
		t.Errorf("codeStuck() = true with no code under test running; want false")
	}
}
