package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// binCacheSize is how many check binaries the binary cache keeps.
const binCacheSize = 32

// binCache remembers linked check binaries by what they were built from,
// so that checking code that has not changed (watch's re-run, the overview
// after a pass, the workbook's own tests run again) takes no build. The go
// command caches compiles, not the links of test binaries, and a link is
// most of a build. It lives in the user's cache folder; "" when there is
// none.
func binCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "goconcurrency-checker", "bin")
}

// BuiltBefore reports whether a check build has been made on this machine
// before (the binary cache holds one): Go's race runtime is built then.
func BuiltBefore() bool {
	dir := binCache()
	if dir == "" {
		return false
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if cached(e.Name()) {
			return true
		}
	}
	return false
}

// cached reports whether a file of the binary cache, by its name, is a
// binary kept there, not one on its way in (toCache's temporary copy).
func cached(name string) bool { return !strings.Contains(name, ".tmp") }

// moduleHash is a hash of every file of the build module in mod, taken
// before anything is built there.
func moduleHash(mod string) (string, error) { return HashTree(mod, nil) }

// HashTree is a hash of the files under dir (their paths relative to it
// and their contents), skipping each file or folder for which skip, given
// its slash-separated path relative to dir, reports true (nil: none).
func HashTree(dir string, skip func(rel string, d fs.DirEntry) bool) (string, error) {
	h := sha256.New()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip != nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			if skip(filepath.ToSlash(rel), d) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// buildKey is a hash of everything a check binary depends on: the build
// module's files (moduleHash), the compile's arguments, and the
// toolchain's version and environment.
func buildKey(files string, args []string, tc *Toolchain) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", tc.Version, strings.Join(tc.Env, "\x00"), strings.Join(args, "\x00"), files)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// fromCache puts the cached binary of key at exe, and reports whether
// there was one.
func fromCache(key, exe string) bool {
	dir := binCache()
	if dir == "" {
		return false
	}
	cached := filepath.Join(dir, key)
	if err := linkOrCopy(cached, exe); err != nil {
		return false
	}
	now := timeNow()
	os.Chtimes(cached, now, now) // most recently used
	return true
}

// toCache keeps the binary at exe under key, and drops the least recently
// used binaries past binCacheSize. Failures only mean no cache.
func toCache(key, exe string) {
	dir := binCache()
	if dir == "" || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp := filepath.Join(dir, key+".tmp"+fmt.Sprint(os.Getpid()))
	if linkOrCopy(exe, tmp) != nil {
		os.Remove(tmp)
		return
	}
	if os.Rename(tmp, filepath.Join(dir, key)) != nil {
		os.Remove(tmp)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= binCacheSize {
		return
	}
	type aged struct {
		name string
		mod  int64
	}
	var all []aged
	for _, e := range entries {
		if info, err := e.Info(); err == nil && cached(e.Name()) {
			all = append(all, aged{e.Name(), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod > all[j].mod })
	for _, a := range all[min(len(all), binCacheSize):] {
		os.Remove(filepath.Join(dir, a.name))
	}
}

// linkOrCopy makes dst the same file as src: a hard link where the file
// system allows one, else a copy; dst is executable by everyone (a
// sandboxed run's uid must run it).
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return os.Chmod(dst, 0o755)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// timeNow is time.Now, for the cache's ages.
var timeNow = time.Now
