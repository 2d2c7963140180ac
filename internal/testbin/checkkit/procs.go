package checkkit

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Process is a child process of the test binary as /proc shows it.
type Process struct {
	PID   int
	State string // "Z" for a zombie (exited, never waited for)
	Cmd   string
}

// Children lists the live and zombie child processes of the test binary.
func Children() ([]Process, error) {
	self := os.Getpid()
	// One listing of /proc, then each process's stat file read directly:
	// the stuck watches call this at every poll, and a glob of
	// /proc/[0-9]*/stat would also list every process's own folder.
	dir, err := os.Open("/proc")
	if err != nil {
		return nil, fmt.Errorf("list /proc: %w", err)
	}
	names, err := dir.Readdirnames(-1)
	dir.Close()
	if err != nil {
		return nil, fmt.Errorf("list /proc: %w", err)
	}
	var kids []Process
	for _, name := range names {
		if name == "" || strings.TrimLeft(name, "0123456789") != "" {
			continue
		}
		data, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue // the process ended while we looked
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		end := bytes.LastIndexByte(data, ')')
		start := bytes.IndexByte(data, '(')
		if start < 0 || end < start {
			continue
		}
		fields := strings.Fields(string(data[end+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		if ppid != self {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data[:start])))
		kids = append(kids, Process{PID: pid, State: fields[0], Cmd: string(data[start+1 : end])})
	}
	return kids, nil
}

// NoChildren fails t as Leak if the test binary has any child process left,
// running or zombie: every child started must be waited for.
func NoChildren(t testing.TB) {
	t.Helper()
	kids, err := Children()
	if err != nil {
		t.Fatalf("checkkit: %v", err)
	}
	for _, k := range kids {
		if k.State == "Z" {
			Fail(t, Leak, "child process %d exited but was never waited for (a zombie): call cmd.Wait on every command you start, also on error paths", k.PID)
		} else {
			Fail(t, Leak, "child process %d is still running after the call returned: wait for every command you start", k.PID)
		}
	}
}
