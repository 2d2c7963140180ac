package testbin

import (
	"os"
	"path/filepath"
	"testing"
)

// BuiltBefore is false on a machine whose binary cache is empty or missing
// (a build in progress, left as a .tmp file, does not count), and true once
// a binary is kept there.
func TestBuiltBefore(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	if BuiltBefore() {
		t.Fatal("BuiltBefore() = true with no cache folder; want false")
	}
	exe := filepath.Join(t.TempDir(), "checks.test")
	if err := os.WriteFile(exe, []byte("a binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(binCache(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(binCache(), "key.tmp123"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if BuiltBefore() {
		t.Fatal("BuiltBefore() = true with only a build in progress in the cache; want false")
	}
	toCache("key", exe)
	if !BuiltBefore() {
		t.Fatal("BuiltBefore() = false after a binary was kept in the cache; want true")
	}
}
