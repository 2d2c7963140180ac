package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// acquireUID locks the lowest free uid of the pool for the life of the
// launcher. The lowest, so that uids are reused at once: processes left
// under a uid by a launcher that was killed are killed by the next launcher
// that takes it (see becomeUID), or by Sweep.
func acquireUID() (int, error) {
	dir, err := lockDir()
	if err != nil {
		return 0, err
	}
	for uid := PoolBase; uid < PoolBase+PoolSize; uid++ {
		fd, ok, err := tryLock(dir, uid)
		if err != nil {
			return 0, err
		}
		if ok {
			_ = fd // stays open, and locked, until the launcher exits
			return uid, nil
		}
	}
	return 0, fmt.Errorf("all %d uids from %d are in use", PoolSize, PoolBase)
}

// tryLock takes uid's lock if no launcher holds it.
func tryLock(dir string, uid int) (fd int, ok bool, err error) {
	path := fmt.Sprintf("%s/%d", dir, uid)
	fd, err = syscall.Open(path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return -1, false, fmt.Errorf("uid lock %s: %w", path, err)
	}
	if syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		syscall.Close(fd)
		return -1, false, nil
	}
	return fd, true, nil
}

// Sweep kills every process still running under a pool uid that no
// launcher holds: what runs whose launcher was killed (SIGKILL cannot be
// caught, so it could not clean up) left behind, such as a process that
// left the process group. It returns how many it killed. Only root's runs
// have pool uids: for anyone else it does nothing. The checker may call it
// when a run's Report says the launcher died, and when grading ends.
func Sweep() (int, error) {
	if os.Geteuid() != 0 {
		return 0, nil
	}
	dir, err := lockDir()
	if err != nil {
		return 0, err
	}
	held := map[int]int{}   // uid -> its lock, which we took: no launcher can start on it now
	taken := map[int]bool{} // uids a live launcher holds
	defer func() {
		for _, fd := range held {
			syscall.Close(fd)
		}
	}()
	killed := 0
	for round := 0; round < 1000; round++ {
		found := 0
		for _, p := range poolProcesses() {
			if taken[p.uid] {
				continue
			}
			if _, ok := held[p.uid]; !ok {
				fd, ok, err := tryLock(dir, p.uid)
				if err != nil {
					return killed, err
				}
				if !ok {
					taken[p.uid] = true
					continue
				}
				held[p.uid] = fd
			}
			if syscall.Kill(p.pid, syscall.SIGKILL) == nil {
				killed++
				found++
			}
		}
		if found == 0 {
			return killed, nil
		}
	}
	return killed, fmt.Errorf("pool processes keep appearing after %d kills", killed)
}

type poolProc struct{ pid, uid int }

// poolProcesses lists the processes whose real uid is in the pool (from
// /proc/PID/status: the owner of /proc/PID is root for a process that made
// itself not dumpable).
func poolProcesses() []poolProc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []poolProc
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		i := strings.Index(string(data), "\nUid:\t")
		if i < 0 {
			continue
		}
		var uid int
		fmt.Sscanf(string(data[i+len("\nUid:\t"):]), "%d", &uid)
		if uid >= PoolBase && uid < PoolBase+PoolSize {
			out = append(out, poolProc{pid, uid})
		}
	}
	return out
}

// lockDir is the directory of the uid locks: root's own, shared by every
// checker on the machine.
func lockDir() (string, error) {
	var last error
	for _, dir := range []string{"/run/workbook-sandbox", "/tmp/workbook-sandbox-uids"} {
		if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
			last = err
			continue
		}
		fi, err := os.Lstat(dir)
		if err != nil {
			last = err
			continue
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !fi.IsDir() || !ok || st.Uid != 0 || fi.Mode().Perm()&0o077 != 0 {
			last = fmt.Errorf("%s is not a directory of root's alone (mode 0700)", dir)
			continue
		}
		return dir, nil
	}
	return "", fmt.Errorf("no directory for the uid locks: %w", last)
}

// chownTree gives root and everything in it to uid:gid (symbolic links
// themselves, never what they point to).
func chownTree(root string, uid, gid int) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
}
