package main

import (
	"os"
	"testing"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

// TestMain makes the test binary the sandbox launcher of the check
// processes its tests start, as the checker's main does.
func TestMain(m *testing.M) {
	sandbox.Main()
	if os.Getenv(runAsChecker) != "" {
		// A test started this binary as the checker itself (in a
		// pseudo-terminal, say).
		os.Unsetenv(runAsChecker)
		main()
	}
	os.Exit(m.Run())
}
