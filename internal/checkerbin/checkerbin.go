// Package checkerbin builds the checker from the workbook's source for the
// tests that run it as a program (the platform recipes, the sample class
// of the docs). go test caches a test's result by its binary and by the
// files the test itself opens; a program the test builds and runs is
// invisible to it, so a change to the checker's code or to the checks it
// embeds would leave such a test's old result standing. Build therefore
// reads every file of the workbook first, in the test's own process.
package checkerbin

import (
	"context"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"

	"github.com/goconcurrency/workbook/internal/testbin"
)

// Build builds the checker of the workbook at root into out (go build),
// after reading every file of the workbook but its hidden folders (.git,
// and the scratch folders tests make there), so that go test re-runs the
// calling test whenever any of them changes.
func Build(ctx context.Context, root, out string) error {
	if _, err := testbin.HashTree(root, func(rel string, d fs.DirEntry) bool {
		return strings.HasPrefix(d.Name(), ".")
	}); err != nil {
		return fmt.Errorf("read the workbook: %w", err)
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./checker")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./checker: %w\n%s", err, msg)
	}
	return nil
}
