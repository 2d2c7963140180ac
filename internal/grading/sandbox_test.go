package grading

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	workbook "github.com/goconcurrency/workbook"
	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/sandbox"
	"github.com/goconcurrency/workbook/internal/testbin"
)

// escapeCase is one hostile submission of TestSandboxEscapes: the reference
// answer of exercise-1, whose Sum runs escape() once per test process (the
// first call, during a check, so that what it prints lands in that check's
// output), plus a file holding escape. Placeholders @NAME@ in the code are
// replaced by Go string literals the test knows only at run time (@LIMIT@
// by an integer).
type escapeCase struct {
	who     string // the submission's folder
	imports []string
	code    string // escape() and anything else the file needs
	// silent says the attempt fails silently (the code ignores the error),
	// so that the submission earns what the reference answer earns: every
	// point.
	silent bool
}

// The escapes. Every attempt that works prints a line starting ESCAPED,
// which the test looks for in the checks' output (the test grades with
// Verbose, so the output of passing checks is kept); those that fail print
// why, for the log. The test also looks for the trace each escape would
// leave from outside, which is what it rests on.
var escapeCases = []escapeCase{
	{
		// Overwrite the build cache: a poisoned entry would change what
		// every later build (the next run's, other users') links in.
		// Silent: every attempt fails with EACCES, ignored, so all seven
		// checks pass. (When the checker runs as root, the cache is
		// root's, usually under a 0700 HOME, so the run's own uid is
		// refused before Landlock is asked; as another user, Landlock alone
		// refuses.)
		who:     "eve-cache",
		imports: []string{"os", "path/filepath"},
		silent:  true,
		code: `
func escape() {
	try("create a file in the build cache", os.WriteFile(filepath.Join(@CACHE@, "escape-"+@NONCE@), []byte("planted"), 0o644))
	try("create a file beside a build cache entry", os.WriteFile(filepath.Join(filepath.Dir(@VICTIM@), "escape-"+@NONCE@+"-d"), []byte("planted"), 0o644))
	f, err := os.OpenFile(@VICTIM@, os.O_WRONLY|os.O_TRUNC, 0)
	if err == nil {
		_, err = f.WriteString("poisoned")
		f.Close()
	}
	try("overwrite a build cache entry", err)
	f, err = os.OpenFile(@VICTIM@, os.O_WRONLY|os.O_APPEND, 0)
	if err == nil {
		_, err = f.WriteString("poisoned")
		f.Close()
	}
	try("append to a build cache entry", err)
	if os.WriteFile("poison", []byte("poisoned"), 0o644) == nil {
		try("replace a build cache entry by a rename", os.Rename("poison", @VICTIM@))
	}
}
`,
	},
	{
		// Write outside the workspace: into a folder the test owns (mode
		// 0777, so that only the sandbox stands in the way), the shared
		// temporary folders, and the submission's own folder, which the
		// checker copied from. Silent (EACCES, ignored): all checks pass.
		who:     "eve-outside",
		imports: []string{"os", "path/filepath"},
		silent:  true,
		code: `
func escape() {
	for _, dir := range []string{@OUTSIDE@, "/tmp", "/dev/shm", @OWN@} {
		try("write a file into "+dir, os.WriteFile(filepath.Join(dir, "canary-"+@NONCE@), []byte("escaped"), 0o644))
	}
	try("make a folder outside the workspace", os.Mkdir(filepath.Join(@OUTSIDE@, "dir-"+@NONCE@), 0o777))
}
`,
	},
	{
		// Read and edit another submission: alice's folder is mode 0777 and
		// her files 0666, so that only the sandbox stands in the way. A
		// file planted there would change her verdict in the next run.
		// Silent (EACCES, ignored; it prints only the errors): all checks
		// pass.
		who:     "eve-spy",
		imports: []string{"fmt", "os", "path/filepath"},
		silent:  true,
		code: `
func escape() {
	data, err := os.ReadFile(@SECRET@)
	if err == nil {
		fmt.Printf("ESCAPED: read alice's file:\n%s\n", data)
	} else {
		try("read alice's file", err)
	}
	f, err := os.OpenFile(@SECRET@, os.O_WRONLY|os.O_APPEND, 0)
	if err == nil {
		_, err = f.WriteString("\n// eve was here\n")
		f.Close()
	}
	try("append to alice's file", err)
	try("plant a file in alice's folder", os.WriteFile(filepath.Join(filepath.Dir(@SECRET@), "planted.go"),
		[]byte("package sumthread\n\nfunc init() { panic(\"planted by eve\") }\n"), 0o644))
	_, err = os.ReadDir(filepath.Dir(@SECRET@))
	try("list alice's folder", err)
	_, err = os.ReadDir(@WORK@)
	try("list the checker's work folder", err)
	// Alice's copies in the checker's workspaces, should they be found.
	for _, pattern := range []string{"/*/exercises/sumthread/alice_secret.go", "/*/sumthread/alice_secret.go"} {
		found, _ := filepath.Glob(@WORK@ + pattern)
		for _, path := range found {
			if data, err := os.ReadFile(path); err == nil {
				fmt.Printf("ESCAPED: read %s:\n%s\n", path, data)
			} else {
				try("read "+path, err)
			}
		}
	}
}
`,
	},
	{
		// Reach the network: the test listens on the loopback, over TCP
		// and UDP. Silent (socket(2) fails with EACCES under the seccomp
		// filter, ignored): all checks pass.
		who:     "eve-net",
		imports: []string{"net", "time"},
		silent:  true,
		code: `
func escape() {
	c, err := net.DialTimeout("tcp", @TCP@, 2*time.Second)
	if err == nil {
		c.Write([]byte("escaped\n"))
		c.Close()
	}
	try("connect to "+@TCP@, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err == nil {
		l.Close()
	}
	try("listen on the loopback", err)
	u, err := net.Dial("udp", @UDP@)
	if err == nil {
		_, err = u.Write([]byte("escaped\n"))
		u.Close()
	}
	try("send a datagram to "+@UDP@, err)
}
`,
	},
	{
		// A fork bomb: copies of its own program (the sandbox lets no
		// other program start), each in a session of its own (out of the
		// process group the runner kills), that sleep in init, until Start
		// fails (at the run's task limit, bombLimit: some 17 copies of a
		// race-enabled binary on 2 cores). Not silent: its processes outlive the call, so it earns
		// leak on every check. Every check calls Sum (through Report), so
		// the process that runs them all bombs once and leaves processes,
		// which the launcher kills and counts; the checker then runs each
		// check alone to find out whose they were, and each of those
		// processes bombs and leaves its own: leak, the verdict its code
		// earns anyway, as it never waits for what it starts. Were the
		// test binary itself left unable to create a thread, a check
		// would instead end in panic (the runtime's fatal error), or
		// timeout if it hung; neither the verdict nor the points are
		// asserted, only that nothing of it outlives grading and that the
		// checker itself did not fail.
		who:     "eve-fork",
		imports: []string{"fmt", "os", "os/exec", "syscall", "time"},
		code: `
func init() {
	if os.Getenv(@BOMBENV@) == @NONCE@ {
		time.Sleep(10 * time.Minute)
		os.Exit(0)
	}
}

func escape() {
	self, err := os.Executable()
	if err != nil {
		try("find its own program", err)
		return
	}
	started := 0
	for ; started < 300; started++ {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), @BOMBENV@+"="+@NONCE@)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if cmd.Start() != nil {
			break
		}
	}
	fmt.Printf("escape stopped: the fork bomb started %d copies before Start failed\n", started)
	if started == 300 {
		fmt.Println("ESCAPED: the fork bomb started 300 copies and none failed")
	}
}
`,
	},
	{
		// Fill the disk: 200 MiB in one file of its working folder, the
		// errors ignored. Silent: writes past the file size limit (64 MiB)
		// fail with EFBIG, ignored (Go ignores SIGXFSZ), and the runner
		// removes the scratch folder: all checks pass.
		who:     "eve-disk",
		imports: []string{"fmt", "os", "time"},
		silent:  true,
		code: `
func escape() {
	f, err := os.Create("fill-" + @NONCE@)
	if err != nil {
		try("create a file in its working folder", err)
		return
	}
	buf := make([]byte, 1<<20)
	written := 0
	var first error
	for range 200 {
		n, err := f.Write(buf)
		written += n
		if err != nil && first == nil {
			first = err
		}
	}
	time.Sleep(500 * time.Millisecond) // hold it a moment, for the test's watch to see
	f.Close()
	fmt.Printf("escape stopped: the disk filler wrote %d bytes of %d: %v\n", written, 200<<20, first)
	if written > @LIMIT@ {
		fmt.Println("ESCAPED: the disk filler wrote past the file size limit")
	}
}
`,
	},
}

// escapeHead starts every escape file.
const escapeHead = `// A hostile fixture of TestSandboxEscapes (internal/grading): the first
// call of Sum in each test process runs escape.
package sumthread

import (
	"sync"
%s)

var escapeOnce sync.Once

// try says how an attempt went: one that worked prints ESCAPED.
func try(what string, err error) {
	if err == nil {
		println("ESCAPED: " + what)
	} else {
		println("escape stopped: "+what+":", err.Error())
	}
}
`

// bombLimit is the task limit the escapes run under (testbin.Options.MaxProcs).
var bombLimit = 48 + 2*runtime.NumCPU()

// bombEnv is the variable that makes the fork bomb's copies sleep; its
// value is the test's nonce, so the test finds them in /proc/PID/environ.
const bombEnv = "SANDBOX_TEST_BOMB"

// TestSandboxEscapes grades, in one run (two at a time), two honest
// submissions of exercise-1 (alice and zoe, the reference answer) and one
// hostile submission per escape: overwriting the build cache, writing
// outside its workspace, reading and editing alice's folder, reaching a
// listener on the loopback, a fork bomb, and filling the disk. Each escape
// must be stopped and leave no trace; each hostile submission whose attempt
// fails silently must earn what the reference answer earns, every point;
// and alice, graded again alone on the same build cache, must get the very
// verdicts she got in the first run, which are zoe's, all passing.
func TestSandboxEscapes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs hostile check binaries; skipped with -short")
	}
	if err := sandbox.Probe().Err(); err != nil {
		t.Skipf("the sandbox is not whole here: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tc, cat, ex, src := exerciseOne(ctx, t)
	const sumHead = "func Sum(nums ...int) int {\n"
	if !bytes.Contains(src, []byte(sumHead)) {
		t.Fatalf("the reference answer has no %q: has it changed?", sumHead)
	}
	nonce := fmt.Sprintf("%d-%s", os.Getpid(), hexToken(t, 8))
	marker := "ALICE-SECRET-" + hexToken(t, 16)

	// Checks run sandboxed, as a uid of their own: their folders must be
	// reachable by others, which t.TempDir's are not.
	tmp, err := os.MkdirTemp("", "sandbox-escapes-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	class, work, outside := filepath.Join(tmp, "class"), filepath.Join(tmp, "work"), filepath.Join(tmp, "outside")
	for _, dir := range []string{tmp, class, work} {
		mkdirMode(t, dir, 0o711)
	}
	// Open to all: only the sandbox keeps the hostile code out.
	mkdirMode(t, outside, 0o777)

	// The build cache entry the hostile code tries to overwrite: an
	// output (-d) file, named by the hash of its content, which never
	// changes. Should the escape work, it is put back as it was.
	gocache := envLookup(tc.Env, "GOCACHE")
	if gocache == "" {
		t.Fatal("the toolchain's environment has no GOCACHE")
	}
	victim, victimData := cacheVictim(t, gocache)
	t.Cleanup(func() {
		if data, err := os.ReadFile(victim); err != nil || !bytes.Equal(data, victimData) {
			os.WriteFile(victim, victimData, 0o644)
		}
		for _, p := range []string{filepath.Join(gocache, "escape-"+nonce), filepath.Join(filepath.Dir(victim), "escape-"+nonce+"-d")} {
			os.Remove(p)
		}
	})

	// The listeners on the loopback.
	tcp, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	var accepted, received []string
	var netMu sync.Mutex
	netDone := make(chan struct{}, 2)
	go func() {
		defer func() { netDone <- struct{}{} }()
		for {
			c, err := tcp.Accept()
			if err != nil {
				return
			}
			netMu.Lock()
			accepted = append(accepted, c.RemoteAddr().String())
			netMu.Unlock()
			c.Close()
		}
	}()
	go func() {
		defer func() { netDone <- struct{}{} }()
		buf := make([]byte, 512)
		for {
			n, from, err := udp.ReadFrom(buf)
			if err != nil {
				return
			}
			netMu.Lock()
			received = append(received, fmt.Sprintf("%s: %q", from, buf[:n]))
			netMu.Unlock()
		}
	}()

	// The submissions.
	subDir := func(who string) string { return filepath.Join(class, who, "exercises", "sumthread") }
	put := func(who, name string, content []byte, dirMode, fileMode os.FileMode) {
		dir := subDir(who)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, dirMode); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, fileMode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, fileMode); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(subDir("alice"), "alice_secret.go")
	secretData := []byte("package sumthread\n\n// " + marker + "\n")
	put("alice", "sumthread.go", src, 0o777, 0o666)
	put("alice", "alice_secret.go", secretData, 0o777, 0o666)
	put("zoe", "sumthread.go", src, 0o755, 0o644)
	values := map[string]string{
		"CACHE": gocache, "VICTIM": victim, "NONCE": nonce, "OUTSIDE": outside, "OWN": subDir("eve-outside"),
		"SECRET": secret, "WORK": work, "BOMBENV": bombEnv, "TCP": tcp.Addr().String(), "UDP": udp.LocalAddr().String(),
	}
	pairs := []string{"@LIMIT@", strconv.Itoa(sandbox.DefaultMaxFileSize)}
	for k, v := range values {
		pairs = append(pairs, "@"+k+"@", strconv.Quote(v))
	}
	fill := strings.NewReplacer(pairs...)
	hooked := bytes.Replace(src, []byte(sumHead), []byte(sumHead+"\tescapeOnce.Do(escape)\n"), 1)
	dirs := []string{filepath.Join(class, "alice"), filepath.Join(class, "zoe")}
	for _, e := range escapeCases {
		var imports strings.Builder
		for _, imp := range e.imports {
			fmt.Fprintf(&imports, "\t%q\n", imp)
		}
		code := fmt.Sprintf(escapeHead, imports.String()) + fill.Replace(e.code)
		if strings.Contains(code, "@") {
			t.Fatalf("%s: a placeholder is left in its code:\n%s", e.who, code)
		}
		put(e.who, "sumthread.go", hooked, 0o777, 0o666)
		put(e.who, "escape.go", []byte(code), 0o777, 0o666)
		dirs = append(dirs, filepath.Join(class, e.who))
	}
	// Whatever the sandbox lets through must not stay on the machine.
	t.Cleanup(func() {
		for _, dir := range []string{outside, "/tmp", "/dev/shm", subDir("eve-outside")} {
			os.Remove(filepath.Join(dir, "canary-"+nonce))
		}
		for _, pid := range bombProcesses(nonce) {
			killBombPID(pid)
		}
	})

	// A task limit of its own, far under the default but with room for a
	// race-enabled test process on any number of cores: the fork bomb
	// meets it after some 17 copies instead of 55, each a race
	// runtime start, in each of its eight processes.
	opts := &testbin.Options{Go: tc, GoSum: workbook.GoSum, Jobs: make(chan struct{}, 2), Count: 1,
		Timeout: 30 * time.Second, TempDir: work, Sandbox: sandbox.Require, Verbose: true, MaxProcs: bombLimit}
	cfg := Config{Catalog: cat, Options: opts, Exercises: []catalog.Exercise{ex}, Parallel: 2}

	// Grade everyone, watching the fork bomb's copies and the disk
	// filler's file as it goes.
	w := startEscapeWatch(work, nonce)
	start := time.Now()
	var finished []string
	first := cfg
	first.Done = func(r results.Run) {
		finished = append(finished, fmt.Sprintf("%s %.1fs", r.Submission, time.Since(start).Seconds()))
	}
	runs, err := Grade(ctx, first, Submissions(dirs))
	took := time.Since(start)
	peakBomb, peakFill := w.stop()
	if err != nil {
		t.Fatalf("grade: %v (after %v)", err, took.Round(time.Millisecond))
	}
	left := bombProcesses(nonce)
	t.Logf("graded %d submissions in %v (done: %s); the watch saw at most %d fork bomb copies running at once, and the disk filler's file at %d bytes at most",
		len(runs), took.Round(time.Millisecond), strings.Join(finished, ", "), peakBomb, peakFill)
	if len(left) > 0 {
		t.Errorf("fork bomb: %d of its processes still run after grading: %v", len(left), left)
	}
	by := map[string]results.Run{}
	for _, r := range runs {
		by[r.Submission] = r
	}
	if len(by) != len(dirs) {
		t.Fatalf("got results for %d submissions, want %d", len(by), len(dirs))
	}

	// Grade alice again, alone, on the same build cache.
	start = time.Now()
	again, err := Grade(ctx, cfg, Submissions(dirs[:1]))
	if err != nil || len(again) != 1 {
		t.Fatalf("grade alice again: %d results, error %v", len(again), err)
	}
	t.Logf("graded alice again, alone, in %v", time.Since(start).Round(time.Millisecond))
	if left := bombProcesses(nonce); len(left) > 0 {
		t.Errorf("fork bomb: %d of its processes still run after the second run: %v", len(left), left)
	}

	// The honest submissions: every point, and the same verdicts in the
	// crowd as alone.
	alone := runVerdicts(again[0])
	for _, who := range []string{"alice", "zoe"} {
		r := by[who]
		if r.Error != "" || r.MaxPoints == 0 || r.Points != r.MaxPoints || !r.Passed() {
			t.Errorf("%s beside the hostile submissions: %d/%d points, error %q; want every point\n%s", who, r.Points, r.MaxPoints, r.Error, runVerdicts(r))
		}
		if got := runVerdicts(r); got != alone {
			t.Errorf("%s beside the hostile submissions got\n%s\nwhere alice alone on the same cache got\n%s", who, got, alone)
		}
	}
	if a := again[0]; a.Error != "" || a.MaxPoints == 0 || a.Points != a.MaxPoints || !a.Passed() {
		t.Errorf("alice alone, on the cache the hostile code ran beside: %d/%d points, error %q; want every point\n%s", a.Points, a.MaxPoints, a.Error, alone)
	}

	// The hostile submissions: what each earned, and what got through.
	for _, e := range escapeCases {
		r := by[e.who]
		out := runOutputs(r)
		t.Logf("%s: %d/%d points; %s", e.who, r.Points, r.MaxPoints, strings.ReplaceAll(runVerdicts(r), "\n", "; "))
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "escape stopped:") {
				t.Logf("  %s", strings.TrimSpace(line))
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "ESCAPED") {
				t.Errorf("%s got through: %s", e.who, strings.TrimSpace(line))
			}
		}
		if r.Error != "" {
			t.Errorf("%s could not be graded: %s", e.who, r.Error)
		}
		for _, x := range r.Exercises {
			for _, c := range x.Checks {
				if c.Status == results.Error {
					t.Errorf("%s: check %s: the checker failed (%s): %s", e.who, c.Name, c.Kind, c.Message)
				}
			}
		}
		if e.silent && (r.MaxPoints == 0 || r.Points != r.MaxPoints || !r.Passed()) {
			t.Errorf("%s: %d/%d points, want every point: its attempt fails silently, and its code is otherwise the reference answer\n%s",
				e.who, r.Points, r.MaxPoints, runVerdicts(r))
		}
	}

	// The build cache: no file added, the entry as it was.
	if data, err := os.ReadFile(victim); err != nil || !bytes.Equal(data, victimData) {
		t.Errorf("eve-cache overwrote build cache entry %s (read back: %v, %d bytes, want %d)", victim, err, len(data), len(victimData))
	}
	for _, p := range []string{filepath.Join(gocache, "escape-"+nonce), filepath.Join(filepath.Dir(victim), "escape-"+nonce+"-d")} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("eve-cache created %s in the build cache", p)
		}
	}

	// Outside the workspace: nothing written.
	for _, dir := range []string{outside, "/tmp", "/dev/shm", subDir("eve-outside")} {
		if _, err := os.Lstat(filepath.Join(dir, "canary-"+nonce)); err == nil {
			t.Errorf("eve-outside wrote %s", filepath.Join(dir, "canary-"+nonce))
		}
	}
	if names := folderNames(t, outside); len(names) > 0 {
		t.Errorf("eve-outside left %v in %s", names, outside)
	}
	if names := folderNames(t, subDir("eve-outside")); !slices.Equal(names, []string{"escape.go", "sumthread.go"}) {
		t.Errorf("eve-outside's own folder now holds %v", names)
	}

	// Alice's folder: unread, unchanged.
	if data, err := os.ReadFile(secret); err != nil || !bytes.Equal(data, secretData) {
		t.Errorf("eve-spy changed alice's %s: now %q (%v), was %q", secret, data, err, secretData)
	}
	if names := folderNames(t, subDir("alice")); !slices.Equal(names, []string{"alice_secret.go", "sumthread.go"}) {
		t.Errorf("eve-spy changed alice's folder: it holds %v", names)
	}
	for _, r := range append(runs, again...) {
		data, _ := json.Marshal(r)
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("the results of %s hold alice's secret %s", r.Submission, marker)
		}
	}

	// The network: nothing reached the listeners. Wait a moment for what
	// may still be in flight, then stop them.
	tcp.(*net.TCPListener).SetDeadline(time.Now().Add(200 * time.Millisecond))
	udp.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	<-netDone
	<-netDone
	netMu.Lock()
	if len(accepted) > 0 {
		t.Errorf("eve-net connected to the test's TCP listener: %v", accepted)
	}
	if len(received) > 0 {
		t.Errorf("eve-net sent datagrams to the test's UDP socket: %v", received)
	}
	netMu.Unlock()

	// The fork bomb: it did start copies, and failed inside its own run
	// (checked above: none left running after either run).
	if m := regexp.MustCompile(`fork bomb started (\d+) copies`).FindAllStringSubmatch(runOutputs(by["eve-fork"]), -1); len(m) == 0 {
		t.Errorf("eve-fork: no line says how many copies the fork bomb started; its output:\n%s", runOutputs(by["eve-fork"]))
	}

	// The disk: the filler stopped at the file size limit.
	m := regexp.MustCompile(`disk filler wrote (\d+) bytes of \d+: (.*)`).FindStringSubmatch(runOutputs(by["eve-disk"]))
	switch {
	case m == nil:
		t.Errorf("eve-disk: no line says how much the disk filler wrote; its output:\n%s", runOutputs(by["eve-disk"]))
	case m[1] != strconv.Itoa(sandbox.DefaultMaxFileSize) || !strings.Contains(m[2], "file too large"):
		t.Errorf("eve-disk wrote %s bytes (%s), want %d: stopped by the file size limit", m[1], m[2], sandbox.DefaultMaxFileSize)
	}
	if peakFill > sandbox.DefaultMaxFileSize {
		t.Errorf("eve-disk's file reached %d bytes, past the file size limit %d", peakFill, sandbox.DefaultMaxFileSize)
	}
	if fills, _ := filepath.Glob(filepath.Join(work, "*", "fill-"+nonce)); len(fills) > 0 {
		t.Errorf("eve-disk's file is left after grading: %v", fills)
	}
}

// runVerdicts lists a run's checks, one a line: name, status, kind.
func runVerdicts(r results.Run) string {
	var b strings.Builder
	for _, x := range r.Exercises {
		for _, c := range x.Checks {
			fmt.Fprintf(&b, "%s %s %s\n", c.Name, c.Status, c.Kind)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// runOutputs joins the messages and output of a run's checks.
func runOutputs(r results.Run) string {
	var b strings.Builder
	for _, x := range r.Exercises {
		for _, c := range x.Checks {
			b.WriteString(c.Message + "\n" + c.Output + "\n" + c.Printed + "\n")
		}
	}
	return b.String()
}

func hexToken(t *testing.T, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func mkdirMode(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(dir, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
}

// folderNames names what dir holds, sorted.
func folderNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// envLookup is key's value in env.
func envLookup(env []string, key string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// cacheVictim picks an output entry of the build cache, and reads it.
func cacheVictim(t *testing.T, gocache string) (string, []byte) {
	t.Helper()
	found, _ := filepath.Glob(filepath.Join(gocache, "[0-9a-f][0-9a-f]", "*-d"))
	for _, path := range found {
		fi, err := os.Lstat(path)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() > 1<<20 {
			continue
		}
		data, err := os.ReadFile(path)
		if err == nil {
			return path, data
		}
	}
	t.Skipf("no entry in the build cache %s to try to overwrite", gocache)
	return "", nil
}

// bombProcesses lists the fork bomb's copies still running (pid and
// state), found by the variable in their environment.
func bombProcesses(nonce string) []string {
	want := []byte(bombEnv + "=" + nonce + "\x00")
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(data, want) {
			continue
		}
		state := "?"
		if st, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i >= 0 && i+3 < len(st) {
				state = string(st[i+2 : i+3])
			}
		}
		out = append(out, e.Name()+" ("+state+")")
	}
	return out
}

// killBombPID kills one process this test's fork bomb started ("PID (S)").
func killBombPID(s string) {
	pidText, _, _ := strings.Cut(s, " ")
	if pid, err := strconv.Atoi(pidText); err == nil {
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}

// escapeWatch polls, while grading runs, how many fork bomb copies run at once
// and how big the disk filler's file grows.
type escapeWatch struct {
	quit     chan struct{}
	done     chan struct{}
	mu       sync.Mutex
	bomb     int
	fillSize int64
}

func startEscapeWatch(work, nonce string) *escapeWatch {
	w := &escapeWatch{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			n := len(bombProcesses(nonce))
			var size int64
			filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil // a folder removed as we walked
				}
				if d.Name() == "fill-"+nonce {
					if fi, err := d.Info(); err == nil {
						size = max(size, fi.Size())
					}
				}
				return nil
			})
			w.mu.Lock()
			w.bomb, w.fillSize = max(w.bomb, n), max(w.fillSize, size)
			w.mu.Unlock()
			select {
			case <-w.quit:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// stop ends the watch and returns the peaks.
func (w *escapeWatch) stop() (bomb int, fillSize int64) {
	close(w.quit)
	<-w.done
	return w.bomb, w.fillSize
}
