// Package target decides which files of a folder are the code under check
// (a learner's exercise, a reference solution, a submission's copy): the
// regular .go files that are not tests, each at most MaxFileSize. It is the
// one home of that rule; everything that reads, copies or fingerprints a
// learner's code goes through it.
package target

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MaxFileSize is the largest file read as code under check.
const MaxFileSize = 1 << 20

// IsCode reports whether a file name is code under check: a .go file that
// is not a test. A learner's _test.go files never replace the checks.
func IsCode(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && !strings.HasPrefix(name, ".")
}

// Code is the code under check of one package folder: file name to content.
type Code map[string][]byte

// Skipped is a file that looked like code but was left out, and why.
type Skipped struct {
	Name string // the file's name in its folder
	Why  string // "is a symbolic link", "is over 1024 KiB", …
}

// Read reads the code under check in dir. Symbolic links, files that are
// not regular and files over MaxFileSize are left out and listed in skipped.
// A folder that does not exist is an error satisfying os.IsNotExist.
func Read(dir string) (Code, []Skipped, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	code := Code{}
	var skipped []Skipped
	for _, e := range entries {
		n := e.Name()
		if !IsCode(n) {
			continue
		}
		switch {
		case e.Type()&os.ModeSymlink != 0:
			skipped = append(skipped, Skipped{n, "is a symbolic link"})
			continue
		case !e.Type().IsRegular():
			skipped = append(skipped, Skipped{n, "is not a regular file"})
			continue
		}
		data, why := readSmall(filepath.Join(dir, n))
		if why != "" {
			skipped = append(skipped, Skipped{n, why})
			continue
		}
		code[n] = data
	}
	return code, skipped, nil
}

// readSmall reads a regular file of at most MaxFileSize bytes, or says why not.
func readSmall(path string) ([]byte, string) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, "cannot be read"
	}
	if before.Size() > MaxFileSize {
		return nil, fmt.Sprintf("is over %d KiB", MaxFileSize>>10)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "cannot be read"
	}
	defer f.Close()
	// The file may have been swapped since Lstat: check that it is the same.
	if now, err := f.Stat(); err != nil || !os.SameFile(before, now) || !now.Mode().IsRegular() {
		return nil, "changed while it was read"
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, "cannot be read"
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Sprintf("is over %d KiB", MaxFileSize>>10)
	}
	return data, ""
}

// Names returns the file names of c, sorted.
func (c Code) Names() []string {
	names := make([]string, 0, len(c))
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Write writes c's files into dir, creating it.
func (c Code) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range c.Names() {
		if err := os.WriteFile(filepath.Join(dir, n), c[n], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", n, err)
		}
	}
	return nil
}

// Fingerprint is a short hash of c's names and contents: equal code, equal
// fingerprint.
func (c Code) Fingerprint() string {
	h := sha256.New()
	for _, n := range c.Names() {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(c[n]))
		h.Write(c[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Equal reports whether c and d hold the same files with the same contents.
func (c Code) Equal(d Code) bool {
	if len(c) != len(d) {
		return false
	}
	for n, data := range c {
		if other, ok := d[n]; !ok || string(other) != string(data) {
			return false
		}
	}
	return true
}
