package sandbox_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

func TestProbe(t *testing.T) {
	st := sandbox.Probe()
	t.Logf("%s", st)
	if err := st.Err(); err != nil {
		t.Logf("-sandbox require would refuse: %v", err)
	}
	if !strings.HasPrefix(st.String(), "sandbox: ") {
		t.Errorf("String() = %q", st)
	}
	if st.Landlock == 0 && st.Reason == "" {
		t.Errorf("no Landlock and no reason: %+v", st)
	}
}

func TestHonestWork(t *testing.T) {
	needLandlock(t, 1)
	b := newBox(t)
	r := run(t, b.policy(), 30*time.Second, "honest", filepath.Join(b.ws, "input.txt"))
	if r.code != 0 || !strings.Contains(r.out, "honest ok") {
		t.Fatalf("exit %d; output:\n%s", r.code, r.out)
	}
	if !strings.Contains(r.rep.Enforced, "Landlock ABI") {
		t.Errorf("Enforced = %q, want Landlock in it", r.rep.Enforced)
	}
	if r.rep.Leftover != 0 {
		t.Errorf("Leftover = %d, want 0", r.rep.Leftover)
	}
	t.Logf("enforced: %s", r.rep.Enforced)
}

func TestFilesystemEscapes(t *testing.T) {
	needLandlock(t, 1)
	b := newBox(t)
	p := b.policy()
	tests := []struct {
		role string
		path string
		ok   bool
	}{
		{"write", filepath.Join(b.scratch, "mine.txt"), true},
		{"write", filepath.Join(b.cache, "a1", "entry-out"), false},
		{"write", filepath.Join(b.cache, "planted"), false},
		{"write", filepath.Join(b.other, "answer.go"), false},
		{"write", filepath.Join(b.ws, "input.txt"), false},
		{"write", filepath.Join(os.TempDir(), "sandbox-escaped"), false},
		{"remove", filepath.Join(b.other, "answer.go"), false},
		{"read", filepath.Join(b.ws, "input.txt"), true},
		{"read", filepath.Join(b.other, "answer.go"), false},
		{"read", filepath.Join(b.cache, "a1", "entry-out"), false},
		{"read", "/etc/passwd", false},
		{"readdir", b.ws, true},
		{"readdir", b.other, false},
		{"readdir", filepath.Dir(b.ws), false},
	}
	for _, tt := range tests {
		r := run(t, p, 30*time.Second, tt.role, tt.path)
		want := "ok "
		if !tt.ok {
			want = "denied "
		}
		if !strings.HasPrefix(r.out, want) {
			t.Errorf("%s %s: %s", tt.role, tt.path, strings.TrimSpace(r.out))
		} else if !tt.ok && !strings.Contains(r.out, "permission denied") {
			t.Errorf("%s %s: denied, but not by a permission error: %s", tt.role, tt.path, strings.TrimSpace(r.out))
		}
	}
	r := run(t, p, 30*time.Second, "run", "/bin/sh", "copy-of-self")
	if strings.Count(r.out, "denied run") != 2 || !strings.Contains(r.out, "permission denied") {
		t.Errorf("running /bin/sh, and a program written into scratch: %s", r.out)
	}
	if data, _ := os.ReadFile(filepath.Join(b.other, "answer.go")); string(data) != "package secret\n" {
		t.Errorf("the other submission's file now holds %q", data)
	}
	for _, path := range []string{filepath.Join(b.cache, "planted"), filepath.Join(os.TempDir(), "sandbox-escaped")} {
		if _, err := os.Stat(path); err == nil {
			os.Remove(path)
			t.Errorf("%s was written", path)
		}
	}
}

func TestNetwork(t *testing.T) {
	st := sandbox.Probe()
	if !st.Seccomp && st.Landlock < 4 {
		t.Skipf("neither seccomp nor Landlock ABI 4 here: %s", st)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
			accepted <- struct{}{}
		}
	}()
	b := newBox(t)
	sock := filepath.Join(b.other, "agent.sock")
	ul, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ul.Close()
	os.Chmod(sock, 0o777)

	for _, tt := range []struct {
		role string
		args []string
		want int // lines that must say denied
	}{
		{"dial", []string{ln.Addr().String()}, 3},
		{"listen", nil, 2},
		{"unix", []string{sock}, 1},
	} {
		r := run(t, b.policy(), 30*time.Second, tt.role, tt.args...)
		if got := strings.Count(r.out, "denied "); got != tt.want || strings.Contains(r.out, "ok ") {
			t.Errorf("%s: want %d denials, got:\n%s", tt.role, tt.want, r.out)
		}
	}
	select {
	case <-accepted:
		t.Errorf("the listener accepted a connection from the sandbox")
	default:
	}
}

func TestSignalsAndOtherProcesses(t *testing.T) {
	needLandlock(t, 1)
	b := newBox(t)
	pid := strconv.Itoa(os.Getpid())
	r := run(t, b.policy(), 30*time.Second, "signal", pid)
	if !strings.HasPrefix(r.out, "denied ") {
		t.Errorf("signal to the test process: %s", r.out)
	}
	r = run(t, b.policy(), 30*time.Second, "read", "/proc/"+pid+"/environ", "/proc/"+pid+"/cmdline")
	if !strings.HasPrefix(r.out, "denied read /proc/"+pid+"/environ") {
		t.Errorf("the test process's environment: %s", r.out)
	}
	if !strings.Contains(r.out, "ok read /proc/"+pid+"/cmdline") {
		t.Errorf("another process's cmdline (ps shows it too): %s", r.out)
	}
	r = run(t, b.policy(), 30*time.Second, "chmod", filepath.Join(b.other, "answer.go"), filepath.Join(b.scratch))
	if strings.Count(r.out, "denied ") != 2 && sandbox.Probe().Seccomp {
		t.Errorf("chmod: %s", r.out)
	}
}

func TestStatusInside(t *testing.T) {
	st := needLandlock(t, 1)
	b := newBox(t)
	r := run(t, b.policy(), 30*time.Second, "status")
	if !strings.Contains(r.out, "NoNewPrivs:\t1") {
		t.Errorf("no_new_privs not set:\n%s", r.out)
	}
	if st.Seccomp && !strings.Contains(r.out, "Seccomp:\t2") {
		t.Errorf("no seccomp filter:\n%s", r.out)
	}
	if os.Geteuid() == 0 {
		want := fmt.Sprintf("Uid:\t%d\t%d\t%d", r.rep.UID, r.rep.UID, r.rep.UID)
		if r.rep.UID < sandbox.PoolBase || !strings.Contains(r.out, want) {
			t.Errorf("as root: want %q (report uid %d), got:\n%s", want, r.rep.UID, r.out)
		}
		groups := ""
		for _, line := range strings.Split(r.out, "\n") {
			if rest, ok := strings.CutPrefix(line, "Groups:"); ok {
				groups = strings.TrimSpace(rest)
			}
		}
		if !strings.Contains(r.out, "CapEff:\t0000000000000000") || groups != "" {
			t.Errorf("capabilities or groups left:\n%s", r.out)
		}
	}
	// The launcher is this test binary, which links cgo (through net) when
	// cgo is on: the thread-only restriction must hold there too.
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "CGO_ENABLED" {
				t.Logf("launcher built with CGO_ENABLED=%s", s.Value)
			}
		}
	}
}

func TestExitStatusAndSignals(t *testing.T) {
	b := newBox(t)
	r := run(t, b.policy(), 30*time.Second, "exit", "7")
	if r.code != 7 {
		t.Errorf("exit 7: got %d\n%s", r.code, r.out)
	}
	r = run(t, b.policy(), 30*time.Second, "killself")
	if r.sig != syscall.SIGKILL {
		t.Errorf("killed by SIGKILL: got code %d signal %v\n%s", r.code, r.sig, r.out)
	}

	// The checker's SIGQUIT at its time limit reaches the program, which
	// dumps its goroutines.
	cmd := exec.Command(testBin)
	cmd.Env = append(os.Environ(), roleEnv+"=sleep")
	cmd.Dir = b.scratch
	var out bytes.Buffer
	pr, pw, _ := os.Pipe()
	cmd.Stdout, cmd.Stderr = pw, &out
	l, err := sandbox.Wrap(cmd, b.policy())
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("got %q, want ready", line)
	}
	cmd.Process.Signal(syscall.SIGQUIT)
	err = cmd.Wait()
	pr.Close()
	if cmd.ProcessState.ExitCode() != 2 || !strings.Contains(out.String(), "SIGQUIT") {
		t.Errorf("after SIGQUIT: %v\n%s", err, out.String())
	}
	if rep := l.Report(); rep.Err != nil {
		t.Error(rep.Err)
	}
}

func TestLeftoversAreKilled(t *testing.T) {
	b := newBox(t)
	marker := fmt.Sprintf("leftover-%d", time.Now().UnixNano())
	r := run(t, b.policy(), 30*time.Second, "orphan", marker)
	if r.code != 0 || r.rep.Leftover != 1 {
		t.Errorf("exit %d, Leftover %d (want 0, 1)\n%s", r.code, r.rep.Leftover, r.out)
	}
	if pids := withMarker(marker); len(pids) > 0 {
		t.Errorf("still running after the run: %v", pids)
	}
}

// withMarker lists the processes whose command line holds marker.
func withMarker(marker string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if bytes.Contains(data, []byte(marker)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func TestForkBomb(t *testing.T) {
	needLandlock(t, 1)
	b := newBox(t)
	p := b.policy()
	p.MaxProcs = 40
	marker := fmt.Sprintf("forkbomb-%d", time.Now().UnixNano())
	r := run(t, p, 60*time.Second, "forkbomb", marker)
	t.Logf("exit %d after %v, %d leftovers killed; output:\n%s", r.code, r.took.Round(time.Millisecond), r.rep.Leftover, lastLines(r.out, 3))
	if r.code == 0 || !(strings.Contains(r.out, "fork failed") || strings.Contains(r.out, "failed to create new OS thread")) {
		t.Errorf("the fork bomb did not fail inside its run")
	}
	if pids := withMarker(marker); len(pids) > 0 {
		t.Errorf("still running after the run: %v", pids)
	}
	// The machine can still start processes.
	if err := exec.Command(testBin, "-test.run=^$").Run(); err != nil {
		t.Errorf("start a process after the bomb: %v", err)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestFileSizeLimit(t *testing.T) {
	b := newBox(t)
	p := b.policy()
	p.MaxFileSize = 1 << 20
	r := run(t, p, 30*time.Second, "fill", strconv.Itoa(4<<20))
	if !strings.Contains(r.out, "denied fill") || !strings.Contains(r.out, "file too large") {
		t.Errorf("writing 4 MiB under a 1 MiB limit: %s", r.out)
	}
	if fi, err := os.Stat(filepath.Join(b.scratch, "big")); err != nil || fi.Size() > 1<<20 {
		t.Errorf("the file: %v %v", fi.Size(), err)
	}
}

func TestOpenFilesLimit(t *testing.T) {
	b := newBox(t)
	p := b.policy()
	p.MaxOpenFiles = 64
	r := run(t, p, 30*time.Second, "openmany", "1000")
	if !strings.Contains(r.out, "too many open files") {
		t.Errorf("opening 1000 files under a limit of 64: %s", r.out)
	}
}

func TestCPUTimeLimit(t *testing.T) {
	b := newBox(t)
	p := b.policy()
	p.CPUTime = time.Second
	r := run(t, p, 30*time.Second, "spin")
	if r.sig != syscall.SIGKILL || !r.rep.CPULimit {
		t.Errorf("spinning under 1s of CPU: code %d, signal %v, CPULimit %v\n%s", r.code, r.sig, r.rep.CPULimit, r.out)
	}
}

func TestModes(t *testing.T) {
	b := newBox(t)
	p := b.policy()

	p.Mode = sandbox.Off
	cmd := exec.Command(testBin)
	if _, err := sandbox.Wrap(cmd, p); err != nil || cmd.Path != testBin || cmd.Env != nil {
		t.Errorf("Off changed the command (%v): %s %v", err, cmd.Path, cmd.Env)
	}

	p.Mode = sandbox.Require
	cmd = exec.Command(testBin)
	_, err := sandbox.Wrap(cmd, p)
	if want := sandbox.Probe().Err(); (err == nil) != (want == nil) {
		t.Errorf("Require: Wrap says %v, Probe says %v", err, want)
	}

	p.Mode = sandbox.Auto
	p.ReadOnly = []string{filepath.Join(b.ws, "missing")}
	cmd = exec.Command(testBin)
	cmd.Env = append(os.Environ(), roleEnv+"=exit0")
	l, err := sandbox.Wrap(cmd, p)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stderr = &out
	err = cmd.Run()
	rep := l.Report()
	if sandbox.Probe().Landlock > 0 && (cmd.ProcessState.ExitCode() != sandbox.ExitSetupFailed || rep.Err == nil || !strings.Contains(rep.Err.Error(), "missing")) {
		t.Errorf("a missing workspace path: exit %v, report %+v, stderr %s", err, rep, out.String())
	}
}

// A launcher killed by SIGKILL (the checker's last resort) cannot clean up:
// a process of the run that left the process group lives on, under the
// run's pool uid, until Sweep (or the next run on that uid) kills it.
func TestSweepAfterKilledLauncher(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("pool uids, and Sweep, are root's")
	}
	b := newBox(t)
	marker := fmt.Sprintf("killed-launcher-%d", time.Now().UnixNano())
	cmd := exec.Command(testBin, marker)
	cmd.Env = append(os.Environ(), roleEnv+"=orphan-wait")
	cmd.Dir = b.scratch
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw, _ := os.Pipe()
	cmd.Stdout = pw
	l, err := sandbox.Wrap(cmd, b.policy())
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	if !strings.HasPrefix(line, "leaving") {
		t.Fatalf("got %q", line)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group: launcher and program
	cmd.Wait()
	pr.Close()
	if rep := l.Report(); rep.Err == nil {
		t.Errorf("a killed launcher's report has no Err: %+v", rep)
	}
	if len(withMarker(marker)) == 0 {
		t.Fatalf("the escaped process died with its group; nothing to sweep")
	}
	n, err := sandbox.Sweep()
	if err != nil || n < 1 {
		t.Errorf("Sweep: %d, %v", n, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(withMarker(marker)) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if pids := withMarker(marker); len(pids) > 0 {
		t.Errorf("still running after Sweep: %v", pids)
	}
}

// SIGTERM to the launcher ends the run even when the program ignores it,
// and what the program started goes with it.
func TestSIGTERMEndsTheRun(t *testing.T) {
	b := newBox(t)
	marker := fmt.Sprintf("sigterm-%d", time.Now().UnixNano())
	cmd := exec.Command(testBin, marker)
	cmd.Env = append(os.Environ(), roleEnv+"=stubborn")
	cmd.Dir = b.scratch
	pr, pw, _ := os.Pipe()
	cmd.Stdout = pw
	l, err := sandbox.Wrap(cmd, b.policy())
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	if !strings.HasPrefix(line, "leaving") {
		t.Fatalf("got %q", line)
	}
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	pr.Close()
	took := time.Since(start)
	rep := l.Report()
	if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("the launcher ended %v, want killed by SIGKILL as the program was", cmd.ProcessState)
	}
	if rep.Err != nil || rep.Leftover != 1 {
		t.Errorf("report %+v, want 1 leftover", rep)
	}
	if took < sandbox.TermGrace-100*time.Millisecond || took > sandbox.TermGrace+3*time.Second {
		t.Errorf("the run ended %v after SIGTERM, want about %v", took, sandbox.TermGrace)
	}
	if pids := withMarker(marker); len(pids) > 0 {
		t.Errorf("still running: %v", pids)
	}
}

// ExtraFiles reach the program at the same numbers; a nil entry stays
// closed, and the launcher's own descriptors (its report pipe, its uid
// lock) do not reach it.
func TestExtraFiles(t *testing.T) {
	b := newBox(t)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	cmd := exec.Command(testBin)
	cmd.Env = append(os.Environ(), roleEnv+"=fds")
	cmd.Dir = b.scratch
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.ExtraFiles = []*os.File{nil, pw}
	l, err := sandbox.Wrap(cmd, b.policy())
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	pw.Close()
	if rep := l.Report(); rep.Err != nil {
		t.Fatal(rep.Err)
	}
	got, _ := io.ReadAll(pr)
	if string(got) != "through fd 4\n" {
		t.Errorf("fd 4 carried %q", got)
	}
	// The program's own runtime opens descriptors (cgroup files, epoll):
	// look for the launcher's, and for pipes past stderr but fd 4.
	t.Logf("the program's descriptors: %s", out.String())
	for _, f := range strings.Fields(out.String()) {
		fd, link, _ := strings.Cut(f, "=")
		if strings.Contains(link, "workbook-sandbox") || (strings.HasPrefix(link, "pipe:") && fd != "1" && fd != "2" && fd != "4") {
			t.Errorf("the program inherited the launcher's fd %s (%s)", fd, link)
		}
	}
}
