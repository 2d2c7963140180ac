package checkerbin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildNoChecker: a folder without the checker's source is an error
// that says which step failed, and no program is left behind.
func TestBuildNoChecker(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/empty\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "checker")
	err := Build(context.Background(), root, out)
	if err == nil || !strings.Contains(err.Error(), "go build ./checker") {
		t.Errorf("Build in a module without ./checker = %v; want a go build ./checker error", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Errorf("Build left %s behind after failing", out)
	}
}
