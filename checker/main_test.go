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
	os.Exit(m.Run())
}
