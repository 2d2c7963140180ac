package catalog

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/goconcurrency/workbook/internal/target"
	"github.com/rogpeppe/go-internal/txtar"
)

// StubArchive is the name of the file in testdata/NAME that keeps the
// pristine stub, for `checker reset` and for checking the checks against the
// stub even after a learner has edited exercises/.
const StubArchive = "stub.txtar"

func readStub(checks fs.FS, name string) (map[string][]byte, error) {
	data, err := fs.ReadFile(checks, path.Join("testdata", name, StubArchive))
	if err != nil {
		return nil, fmt.Errorf("read pristine stub of %s: %w", name, err)
	}
	files := map[string][]byte{}
	for _, f := range txtar.Parse(data).Files {
		files[f.Name] = f.Data
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("pristine stub of %s is empty", name)
	}
	return files, nil
}

// StubArchiveOf packs the non-test .go files of dir as a stub archive.
func StubArchiveOf(dir string) ([]byte, error) {
	code, _, err := target.Read(dir)
	if err != nil {
		return nil, err
	}
	names := code.Names()
	a := &txtar.Archive{Comment: []byte("# The pristine stub, as the workbook ships it: `checker reset` restores it.\n# Kept in step with exercises/ by the workbook's tests (go test ./... -update rewrites it).\n")}
	sort.Strings(names)
	for _, n := range names {
		a.Files = append(a.Files, txtar.File{Name: n, Data: code[n]})
	}
	return txtar.Format(a), nil
}

// WriteFiles writes files into dir (created), replacing what is there.
func WriteFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for n, data := range files {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", n, err)
		}
	}
	return nil
}
