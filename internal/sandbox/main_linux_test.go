package sandbox_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/sandbox"
)

// The test binary plays three parts: the tests; the launcher (sandbox.Main);
// and, with roleEnv set, a program run inside the sandbox, which tries one
// thing and prints what happened.
const roleEnv = "SANDBOXTEST_ROLE"

// testRoot holds every directory the tests make, and a copy of the test
// binary: as root the program runs as another uid, which cannot reach
// go test's private (0700) build directory.
var (
	testRoot string
	testBin  string
)

func TestMain(m *testing.M) {
	sandbox.Main()
	if role := os.Getenv(roleEnv); role != "" {
		os.Exit(playRole(role, os.Args[1:]))
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "sandbox-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	testRoot = dir
	self, err := os.Executable()
	if err == nil {
		testBin = filepath.Join(dir, "sandbox.test")
		err = copyFile(self, testBin, 0o755)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return m.Run()
}

func copyFile(from, to string, perm os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// needLandlock skips t where the kernel lacks what it tests.
func needLandlock(t *testing.T, abi int) sandbox.Status {
	t.Helper()
	st := sandbox.Probe()
	if st.Landlock == 0 {
		t.Skipf("no Landlock here: %s", st.Reason)
	}
	if st.Landlock < abi {
		t.Skipf("Landlock ABI %d here; this needs ABI %d", st.Landlock, abi)
	}
	return st
}

// box is one run's directories: a workspace to read, a scratch directory to
// write, and siblings the program must not touch: a fake build cache and
// another submission. Everything is open to everyone (0777, 0666), so a
// denial is the sandbox's doing, not the file permissions'.
type box struct {
	ws, scratch, cache, other string
}

func newBox(t *testing.T) *box {
	t.Helper()
	base, err := os.MkdirTemp(testRoot, strings.ReplaceAll(t.Name(), "/", "_")+"-")
	if err != nil {
		t.Fatal(err)
	}
	b := &box{
		ws:      filepath.Join(base, "ws"),
		scratch: filepath.Join(base, "scratch"),
		cache:   filepath.Join(base, "gocache"),
		other:   filepath.Join(base, "other-submission"),
	}
	for _, d := range []string{base, b.ws, b.scratch, b.cache, b.other} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	for path, text := range map[string]string{
		filepath.Join(b.ws, "input.txt"):          "workspace input\n",
		filepath.Join(b.other, "answer.go"):       "package secret\n",
		filepath.Join(b.cache, "a1", "entry-out"): "cached\n",
	} {
		os.MkdirAll(filepath.Dir(path), 0o777)
		os.Chmod(filepath.Dir(path), 0o777)
		if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o666)
	}
	return b
}

func (b *box) policy() sandbox.Policy {
	return sandbox.Policy{Scratch: b.scratch, ReadOnly: []string{b.ws}}
}

type result struct {
	out  string
	code int // -1: killed by a signal
	sig  syscall.Signal
	rep  sandbox.Report
	took time.Duration
}

// run runs role (with args) as the program of a sandboxed run under p, in
// its own process group, killed after limit.
func run(t *testing.T, p sandbox.Policy, limit time.Duration, role string, args ...string) result {
	t.Helper()
	// GORACE: under go test -race, the launcher and the roles would sleep
	// a second at exit.
	return runBin(t, p, limit, testBin, append(os.Environ(), roleEnv+"="+role, "GORACE=atexit_sleep_ms=0"), args...)
}

func runBin(t *testing.T, p sandbox.Policy, limit time.Duration, bin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Dir = p.Scratch
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	l, err := sandbox.Wrap(cmd, p)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start: %v (report %+v)", err, l.Report())
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	go func() {
		<-ctx.Done()
		if ctx.Err() == context.DeadlineExceeded {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}()
	err = cmd.Wait()
	r := result{out: out.String(), took: time.Since(start), rep: l.Report()}
	if ctx.Err() == context.DeadlineExceeded {
		t.Fatalf("the run did not end within %v; output:\n%s", limit, r.out)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.sig = ws.Signal()
		}
	} else if err != nil {
		t.Fatalf("wait: %v", err)
	}
	if r.rep.Err != nil {
		t.Fatalf("the launcher failed: %v\noutput:\n%s", r.rep.Err, r.out)
	}
	return r
}

// playRole is the program inside the sandbox. It prints one line per
// attempt: "ok ..." or "denied ...: error".
func playRole(role string, args []string) int {
	say := func(what string, err error) {
		if err != nil {
			fmt.Printf("denied %s: %v\n", what, err)
		} else {
			fmt.Printf("ok %s\n", what)
		}
	}
	switch role {
	case "exit0":
		return 0
	case "exit":
		n, _ := strconv.Atoi(args[0])
		return n
	case "write":
		for _, path := range args {
			say("write "+path, os.WriteFile(path, []byte("x"), 0o666))
		}
	case "read":
		for _, path := range args {
			_, err := os.ReadFile(path)
			say("read "+path, err)
		}
	case "readdir":
		for _, path := range args {
			_, err := os.ReadDir(path)
			say("readdir "+path, err)
		}
	case "remove":
		for _, path := range args {
			say("remove "+path, os.Remove(path))
		}
	case "run":
		// Start a program: a system one, or one written into scratch.
		for _, path := range args {
			if path == "copy-of-self" {
				self, _ := os.Executable()
				path = filepath.Join(os.Getenv("TMPDIR"), "copy")
				if err := copyFile(self, path, 0o755); err != nil {
					say("copy self into scratch", err)
					continue
				}
			}
			cmd := exec.Command(path)
			cmd.Env = append(os.Environ(), roleEnv+"=exit0")
			say("run "+path, cmd.Run())
		}
	case "chmod":
		for _, path := range args {
			say("chmod "+path, os.Chmod(path, 0o777))
		}
	case "dial":
		c, err := net.DialTimeout("tcp", args[0], 2*time.Second)
		if err == nil {
			c.Close()
		}
		say("dial tcp "+args[0], err)
		d := net.Dialer{Timeout: 2 * time.Second}
		d.SetMultipathTCP(true)
		c, err = d.Dial("tcp", args[0])
		if err == nil {
			c.Close()
		}
		say("dial mptcp "+args[0], err)
		c, err = net.DialTimeout("udp", args[0], 2*time.Second)
		if err == nil {
			c.Close()
		}
		say("dial udp "+args[0], err)
	case "listen":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err == nil {
			ln.Close()
		}
		say("listen tcp", err)
		var lc net.ListenConfig
		lc.SetMultipathTCP(false)
		ln, err = lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
		if err == nil {
			ln.Close()
		}
		say("listen plain tcp", err)
	case "unix":
		c, err := net.Dial("unix", args[0])
		if err == nil {
			c.Close()
		}
		say("dial unix "+args[0], err)
	case "signal":
		pid, _ := strconv.Atoi(args[0])
		say("signal "+args[0], syscall.Kill(pid, 0))
	case "fill":
		n, _ := strconv.ParseInt(args[0], 10, 64)
		f, err := os.Create("big")
		if err == nil {
			_, err = f.Write(make([]byte, n))
			f.Close()
		}
		say("fill", err)
	case "openmany":
		n, _ := strconv.Atoi(args[0])
		var err error
		opened := 0
		for ; opened < n; opened++ {
			if _, err = os.Open("/dev/null"); err != nil {
				break
			}
		}
		say(fmt.Sprintf("openmany (%d opened)", opened), err)
	case "killself":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Hour)
	case "sleep":
		fmt.Println("ready")
		time.Sleep(time.Minute)
	case "orphan", "orphan-wait", "stubborn":
		// A child in a session of its own, left running.
		self, _ := os.Executable()
		cmd := exec.Command(self, "sleep", args[0])
		cmd.Env = append(os.Environ(), roleEnv+"=sleep")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			return 1
		}
		time.Sleep(100 * time.Millisecond)
		if role == "stubborn" {
			signal.Ignore(syscall.SIGTERM)
		}
		fmt.Println("leaving", cmd.Process.Pid)
		if role != "orphan" {
			time.Sleep(time.Minute)
		}
	case "spin":
		for i := 0; ; i++ {
			_ = i * i
		}
	case "forkbomb":
		return forkBomb(args)
	case "honest":
		return honest(args)
	case "echo":
		// honest's child: read lines on stdin, answer them on stdout.
		data, _ := io.ReadAll(os.Stdin)
		fmt.Printf("child got %q\n", data)
	case "fds":
		// What each open descriptor is, then write to fd 4.
		var open []string
		for fd := 0; fd < 64; fd++ {
			if link, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd)); err == nil {
				open = append(open, fmt.Sprintf("%d=%s", fd, link))
			}
		}
		os.NewFile(4, "fd4").WriteString("through fd 4\n")
		fmt.Println(strings.Join(open, " "))
	case "status":
		data, _ := os.ReadFile("/proc/self/status")
		for _, line := range strings.Split(string(data), "\n") {
			for _, key := range []string{"Uid:", "Gid:", "Groups:", "NoNewPrivs:", "Seccomp:", "CapEff:"} {
				if strings.HasPrefix(line, key) {
					fmt.Println(line)
				}
			}
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown role %q\n", role)
		return 2
	}
	return 0
}

// forkBomb starts copies of itself, each in a session of its own (out of
// reach of a process-group kill), without end: the first process reports
// when a start fails. A safety cap bounds it should the limit not hold.
func forkBomb(args []string) int {
	depth, _ := strconv.Atoi(os.Getenv("FORKBOMB_DEPTH"))
	self, _ := os.Executable()
	capacity := 2
	if depth == 0 {
		capacity = 48
	}
	deadline := time.Now().Add(20 * time.Second)
	for started := 0; ; {
		if started >= capacity || depth >= 2 || time.Now().After(deadline) {
			if depth == 0 {
				fmt.Println("no fork failed")
				return 0
			}
			time.Sleep(time.Hour) // hold the slot
		}
		cmd := exec.Command(self, "forkbomb", args[0])
		cmd.Env = append(os.Environ(), fmt.Sprintf("FORKBOMB_DEPTH=%d", depth+1))
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			if depth == 0 {
				fmt.Printf("fork failed: %v\n", err)
				return 3
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		started++
	}
}

// honest does what a check may do, and says which step failed.
func honest(args []string) int {
	step := func(what string, err error) {
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", what, err)
			os.Exit(1)
		}
	}
	data, err := os.ReadFile(args[0])
	step("read the workspace", err)
	_, err = os.ReadDir(filepath.Dir(args[0]))
	step("list the workspace", err)
	step("write in scratch", os.WriteFile("out.txt", data, 0o644))
	step("mkdir in scratch", os.MkdirAll("sub/dir", 0o755))
	step("rename across scratch dirs", os.Rename("out.txt", "sub/dir/out.txt"))
	f, err := os.OpenFile("sub/dir/out.txt", os.O_WRONLY|os.O_TRUNC, 0)
	step("truncate in scratch", err)
	f.Close()
	step("remove in scratch", os.RemoveAll("sub"))
	dir, err := os.MkdirTemp("", "t-")
	step("make a temp dir (TMPDIR)", err)
	step("remove the temp dir", os.RemoveAll(dir))
	_, err = os.ReadFile("/proc/self/status")
	step("read /proc/self/status", err)
	_, err = os.ReadDir("/proc/self/fd")
	step("list /proc/self/fd", err)
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY|os.O_TRUNC, 0)
	step("open /dev/null", err)
	_, err = null.Write([]byte("x"))
	step("write /dev/null", err)
	_, err = time.LoadLocation("Europe/Paris")
	step("load a time zone", err)

	self, err := os.Executable()
	step("os.Executable", err)
	child := exec.Command(self)
	child.Env = append(os.Environ(), roleEnv+"=echo")
	child.Stdin = strings.NewReader("hello\n")
	out, err := child.Output()
	step("run a child of itself", err)
	if !strings.Contains(string(out), `"hello\n"`) {
		step("the child's answer", fmt.Errorf("got %q", out))
	}

	// An explicit pipe each way, as exercise-5 does.
	inR, inW, err := os.Pipe()
	step("pipe", err)
	outR, outW, err := os.Pipe()
	step("pipe", err)
	child = exec.Command(self)
	child.Env = append(os.Environ(), roleEnv+"=echo")
	child.Stdin, child.Stdout = inR, outW
	step("start a piped child", child.Start())
	inR.Close()
	outW.Close()
	fmt.Fprintln(inW, "through a pipe")
	inW.Close()
	got, err := io.ReadAll(outR)
	step("read the child's pipe", err)
	step("wait for the piped child", child.Wait())
	if !strings.Contains(string(got), "through a pipe") {
		step("the piped child's answer", fmt.Errorf("got %q", got))
	}
	fmt.Println("honest ok")
	return 0
}
