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
		{"check/w3/resource.(*Resource).Data(0x1)\n\tcheck/w3/resource/resource.go:9 +0x1\n", true},
		{"check/checks/resource.TestX(0x1)\n\tcheck/checks/resource/x_check.go:9 +0x1\n", false},
		{"check/checks/w3/resource.TestX(0x1)\n\tcheck/checks/w3/resource/x_check.go:9 +0x1\n", false},
		{"check/run_test.Test_resource_X(0x1)\n\tcheck/run/run_test.go:9 +0x1\n", false},
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
