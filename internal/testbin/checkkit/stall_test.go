package checkkit

import (
	"testing"
	"time"
)

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

func TestStillWithoutCodeUnderTest(t *testing.T) {
	// No goroutine of the code under test exists: it is still (nothing of
	// it can change), but not stuck (nothing of it waits).
	done := make(chan struct{})
	time.AfterFunc(2*time.Second, func() { close(done) })
	if !Still(300*time.Millisecond, done) {
		t.Errorf("Still(300ms) = false with no code under test running; want true")
	}
	if Stuck(300*time.Millisecond, done) {
		t.Errorf("Stuck(300ms) = true with no code under test running; want false")
	}
	// Code that has returned is still, not frozen: Frozen waits for done.
	later := make(chan struct{})
	start := time.Now()
	time.AfterFunc(time.Second, func() { close(later) })
	if Frozen(300*time.Millisecond, later) {
		t.Errorf("Frozen(300ms) = true with no code under test running; want false")
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("Frozen(300ms) returned after %v, before done was closed", took)
	}
}

// fakeHolder holds the pids it names.
type fakeHolder []int

func (h fakeHolder) Held() []int { return h }

func TestHolding(t *testing.T) {
	t.Run("held while the test runs", func(t *testing.T) {
		Holding(t, fakeHolder{7, 9})
		if got := holders.held(); !got[7] || !got[9] || len(got) != 2 {
			t.Errorf("holders.held() = %v; want 7 and 9", got)
		}
	})
	if got := holders.held(); len(got) != 0 {
		t.Errorf("holders.held() = %v after the test ended; want none", got)
	}
}
