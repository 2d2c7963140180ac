package sandbox_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

const raceModule = `module racy

go 1.26
`

const raceTest = `package racy

import (
	"os"
	"os/exec"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("RACY_CHILD") != "" {
		os.Stdout.WriteString("child ok\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRace(t *testing.T) {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	n++
	<-done
}

func TestClean(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/f", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), "RACY_CHILD=1")
	out, err := cmd.Output()
	if err != nil || string(out) != "child ok\n" {
		t.Fatalf("child: %q %v", out, err)
	}
}
`

// TestRaceBinary runs a race-enabled Go test binary, as the checker builds
// them, under the launcher: its tests, its child process and its race
// report must work as outside.
func TestRaceBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a race-enabled test binary")
	}
	needLandlock(t, 1)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	b := newBox(t)
	mod := filepath.Join(b.ws, "racy")
	os.Mkdir(mod, 0o755)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte(raceModule), 0o644)
	os.WriteFile(filepath.Join(mod, "racy_test.go"), []byte(raceTest), 0o644)
	bin := filepath.Join(mod, "racy.test")
	build := exec.Command(gobin, "test", "-race", "-c", "-o", bin, ".")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -race -c: %v\n%s", err, out)
	}
	env := append(os.Environ(), "GORACE=atexit_sleep_ms=0", "GOTRACEBACK=all")

	r := runBin(t, b.policy(), 60*time.Second, bin, env, "-test.v", "-test.run=^TestClean$")
	if r.code != 0 || !strings.Contains(r.out, "--- PASS: TestClean") {
		t.Errorf("TestClean under the sandbox: exit %d\n%s", r.code, r.out)
	}
	r = runBin(t, b.policy(), 60*time.Second, bin, env, "-test.v", "-test.run=^TestRace$")
	if r.code != 1 || !strings.Contains(r.out, "WARNING: DATA RACE") || !strings.Contains(r.out, "race detected during execution of test") {
		t.Errorf("TestRace under the sandbox: exit %d\n%s", r.code, r.out)
	}
}

// TestLauncherOverhead measures what the launcher adds to one start: the
// median of 20 runs of a program started directly and of the same program
// started through Wrap, interleaved, in wall-clock time (start to Wait) and
// in CPU time (user+system of the process and what it waited for, from
// wait4's rusage: steadier on a busy machine). It reports; it asserts
// nothing.
func TestLauncherOverhead(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	needLandlock(t, 1)
	b := newBox(t)
	for _, target := range []struct {
		name string
		path string
		env  []string
	}{
		{"/bin/true", "/bin/true", nil},
		{"a Go test binary (exit at once)", testBin, append(os.Environ(), roleEnv+"=exit0")},
	} {
		if _, err := os.Stat(target.path); err != nil {
			continue
		}
		var direct, wrapped, directCPU, wrappedCPU []time.Duration
		cpu := func(cmd *exec.Cmd) time.Duration { return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime() }
		for range 20 {
			cmd := exec.Command(target.path)
			cmd.Env = target.env
			start := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatal(err)
			}
			direct = append(direct, time.Since(start))
			directCPU = append(directCPU, cpu(cmd))

			cmd = exec.Command(target.path)
			cmd.Env = target.env
			cmd.Dir = b.scratch
			l, err := sandbox.Wrap(cmd, b.policy())
			if err != nil {
				t.Fatal(err)
			}
			start = time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %v", err, l.Report().Err)
			}
			wrapped = append(wrapped, time.Since(start))
			wrappedCPU = append(wrappedCPU, cpu(cmd))
			if rep := l.Report(); rep.Err != nil {
				t.Fatal(rep.Err)
			}
		}
		us := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
		md, mw := median(direct), median(wrapped)
		cd, cw := median(directCPU), median(wrappedCPU)
		t.Logf("%s, median of 20: wall %v direct, %v through the launcher (+%v); CPU %v direct, %v through the launcher (+%v)",
			target.name, us(md), us(mw), us(mw-md), us(cd), us(cw), us(cw-cd))
	}
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
