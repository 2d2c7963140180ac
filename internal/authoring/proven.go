package authoring

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// Proven remembers the exercises that held to their contract, each under a
// key of everything its verdict depends on: the exercise's own folders
// (checks, hints, stub, solution, known-wrong and known-right submissions),
// the rest of the workbook (the checker's code, the kits, go.mod and
// go.sum: any change there changes every key), the toolchain, the
// environment the checks run in, and the rules' settings. Check skips an
// exercise found there, as go test's cache skips an unchanged package: after
// a change to one exercise only that exercise is checked again. Only
// reports without problems are remembered.
type Proven struct {
	dir     string // where the marks are kept
	root    string // the workbook
	scope   string // the caller's name for its settings
	tooling string // HashTree of the workbook outside the exercises' folders
}

// provenKeep is how long an unused mark is kept.
const provenKeep = 30 * 24 * time.Hour

// FreshEnv is the environment variable that, set to anything, has every
// exercise checked whatever was proven before; CI, which CI services set,
// does the same, so that a CI run proves everything from a clean clone.
const FreshEnv = "WORKBOOK_FRESH"

// OpenProven opens the marks kept in the user's cache for the workbook at
// root; scope names the caller's settings beyond Config's own (a test's
// name, say), so that two callers never take each other's marks. It returns
// nil, and Check then checks everything, when there is no cache folder or
// the environment asks for a fresh check (FreshEnv or CI set).
func OpenProven(root, scope string, cat *catalog.Catalog) (*Proven, error) {
	if os.Getenv(FreshEnv) != "" || os.Getenv("CI") != "" {
		return nil, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, nil
	}
	own := map[string]bool{}
	for _, e := range cat.Exercises {
		for _, d := range exerciseDirs(e) {
			own[d] = true
		}
	}
	tooling, err := testbin.HashTree(root, func(rel string, d fs.DirEntry) bool {
		// The exercises' folders have keys of their own; what never
		// reaches a check build or a verdict is left out.
		switch {
		case own[rel], rel == ".git", rel == "docs", rel == "bench", rel == ".ci", rel == ".github":
			return true
		}
		return !d.IsDir() && !strings.Contains(rel, "/") && strings.HasSuffix(rel, ".md")
	})
	if err != nil {
		return nil, fmt.Errorf("hash the workbook: %w", err)
	}
	return &Proven{dir: filepath.Join(cache, "goconcurrency-checker", "proven"), root: root, scope: scope, tooling: tooling}, nil
}

// exerciseDirs are e's own folders, relative to the workbook.
func exerciseDirs(e catalog.Exercise) []string {
	return []string{path.Join("testdata", e.Name), path.Join(catalog.ExercisesDir, e.Name), path.Join(catalog.SolutionsDir, e.Name)}
}

// key is the hash of everything e's verdict under cfg depends on.
func (p *Proven) key(cfg *Config, e catalog.Exercise) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "authoring proof 1\x00%s\x00%s\x00%s\x00", p.scope, p.tooling, e.ID)
	for _, d := range exerciseDirs(e) {
		sum, err := testbin.HashTree(filepath.Join(p.root, filepath.FromSlash(d)), nil)
		if err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("hash %s: %w", d, err)
		}
		fmt.Fprintf(h, "%s\x00%s\x00", d, sum)
	}
	o := cfg.Options
	fmt.Fprintf(h, "%s %s %s/%s cpus=%d\x00", o.Go.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(h, "count=%d runs=%d again=%t timeout=%s run=%v jobs=%d sandbox=%s %s\x00",
		cmp.Or(o.Count, 5), cfg.WrongRuns, cfg.Again != nil, o.Timeout, o.Run, cap(o.Jobs), o.Sandbox, sandbox.Probe())
	for _, v := range append(o.Go.Env, os.Environ()...) {
		if name, _, _ := strings.Cut(v, "="); strings.HasPrefix(name, "GO") || name == "CGO_ENABLED" {
			fmt.Fprintf(h, "%s\x00", v)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// Before returns when e was last proven with everything it depends on as it
// is now, or ok false; and, either way, the key of e as it is now, for Mark
// once e has held (the key is taken before e is checked, so that a change
// made while it is checked is never taken as proven). The key is "" when p
// is nil or e's folders cannot be read.
func (p *Proven) Before(cfg *Config, e catalog.Exercise) (when time.Time, ok bool, key string) {
	if p == nil {
		return time.Time{}, false, ""
	}
	key, err := p.key(cfg, e)
	if err != nil {
		return time.Time{}, false, ""
	}
	f := filepath.Join(p.dir, key)
	data, err := os.ReadFile(f)
	if err != nil {
		return time.Time{}, false, key
	}
	when, err = time.Parse(time.RFC3339, string(data))
	if err != nil {
		return time.Time{}, false, key
	}
	now := time.Now()
	os.Chtimes(f, now, now) // in use: not pruned
	return when, true, key
}

// Mark remembers that the exercise whose key Before gave held to its
// contract, and forgets marks unused for a month. It is best effort: a mark
// that cannot be written only means the exercise is checked again next
// time. An empty key marks nothing.
func (p *Proven) Mark(key string) {
	if p == nil || key == "" || os.MkdirAll(p.dir, 0o755) != nil {
		return
	}
	// The time it held, written whole or not at all: Before reads it.
	tmp, err := os.CreateTemp(p.dir, key+".tmp*")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(time.Now().Format(time.RFC3339))
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(p.dir, key)) != nil {
		os.Remove(tmp.Name())
		return
	}
	entries, _ := os.ReadDir(p.dir)
	for _, ent := range entries {
		if fi, err := ent.Info(); err == nil && time.Since(fi.ModTime()) > provenKeep {
			// Unused for a month (Before keeps the marks in use fresh), or
			// a temporary file a crash left.
			os.Remove(filepath.Join(p.dir, ent.Name()))
		}
	}
}
