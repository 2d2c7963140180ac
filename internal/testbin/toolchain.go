package testbin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Toolchain is the local Go toolchain, set up to build offline.
type Toolchain struct {
	GoBin   string   // the go command
	ToolDir string   // GOTOOLDIR, where test2json lives
	Env     []string // the environment for go commands and check binaries
	Version string   // "go1.26.8"

	t2jOnce sync.Once
	t2j     string
	t2jErr  error
}

// ErrNoGo says that no Go toolchain was found on PATH.
var ErrNoGo = errors.New("no Go toolchain found: install Go 1.26 or later and put `go` on your PATH")

// FindToolchain locates `go` and records the Go environment the checks need:
// the build and module caches are shared with the user's, the network is off
// (GOPROXY=off) and the local toolchain is used as it is.
func FindToolchain(ctx context.Context) (*Toolchain, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, ErrNoGo
	}
	out, err := exec.CommandContext(ctx, gobin, "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLDIR", "GOVERSION", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	v := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(v) != 6 {
		return nil, fmt.Errorf("go env: unexpected output %q", out)
	}
	tc := &Toolchain{GoBin: gobin, ToolDir: v[3], Version: v[4]}
	if older(tc.Version, MinGo) {
		return nil, fmt.Errorf("this machine's Go is %s, and the workbook needs %s or later (testing/synctest, WaitGroup.Go): install a newer Go from go.dev/dl", tc.Version, MinGo)
	}
	tc.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"GOCACHE=" + v[0],
		"GOMODCACHE=" + v[1],
		"GOPATH=" + v[2],
		"GOROOT=" + v[5],
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOTOOLCHAIN=local",
		"GOFLAGS=-mod=mod",
		"GOWORK=off",
		"CGO_ENABLED=1",
		"GORACE=atexit_sleep_ms=0",
		"GOTRACEBACK=single",
	}
	if tmp := os.Getenv("TMPDIR"); tmp != "" {
		tc.Env = append(tc.Env, "TMPDIR="+tmp)
	}
	if home, err := os.UserHomeDir(); err == nil {
		tc.Env = append(tc.Env, "HOME="+home)
	}
	return tc, nil
}

// MinGo is the oldest Go the workbook works with.
const MinGo = "go1.26"

// older reports whether Go version v ("go1.25.3", "go1.26rc1") is older
// than min ("go1.26").
func older(v, min string) bool {
	num := func(s string) []int {
		s = strings.TrimPrefix(s, "go")
		var out []int
		for _, part := range strings.SplitN(s, ".", 3) {
			n := 0
			for _, c := range part {
				if c < '0' || c > '9' {
					break
				}
				n = n*10 + int(c-'0')
			}
			out = append(out, n)
		}
		return out
	}
	a, b := num(v), num(min)
	for i := range b {
		if i >= len(a) {
			return true
		}
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Command returns a go command with the toolchain's environment.
func (tc *Toolchain) Command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tc.GoBin, args...)
	cmd.Env = tc.Env
	return cmd
}

// Test2JSON returns the path of the toolchain's test2json. Since Go 1.24 it
// is built on first use into the build cache, and `go tool -n` finds it;
// that takes most of a second, so the path is remembered, per Go version,
// in the user's cache folder, and looked up again only when the file is
// gone (the build cache was cleaned).
func (tc *Toolchain) Test2JSON(ctx context.Context) (string, error) {
	tc.t2jOnce.Do(func() {
		prebuilt := filepath.Join(tc.ToolDir, "test2json")
		if _, err := os.Stat(prebuilt); err == nil {
			tc.t2j = prebuilt
			return
		}
		memo := ""
		if dir, err := os.UserCacheDir(); err == nil {
			memo = filepath.Join(dir, "goconcurrency-checker", "test2json-"+tc.Version)
			if data, err := os.ReadFile(memo); err == nil {
				if p := strings.TrimSpace(string(data)); p != "" && isFile(p) {
					tc.t2j = p
					return
				}
			}
		}
		out, err := tc.Command(ctx, "tool", "-n", "test2json").Output()
		if err != nil {
			tc.t2jErr = fmt.Errorf("find test2json (go tool -n test2json): %w", err)
			return
		}
		tc.t2j = strings.TrimSpace(string(out))
		if memo != "" && os.MkdirAll(filepath.Dir(memo), 0o755) == nil {
			os.WriteFile(memo, []byte(tc.t2j+"\n"), 0o644)
		}
	})
	return tc.t2j, tc.t2jErr
}

// isFile reports whether path names a regular file.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
