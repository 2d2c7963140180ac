package sandbox

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// Main makes this program the sandbox launcher when [Wrap] started it as
// one: it applies the policy, runs the program, and exits as the program did
// (with its status, or killed by the same signal); it does not return then.
// Otherwise it returns at once. Call it first thing in main, and in TestMain,
// of every program that calls Wrap.
func Main() {
	v, ok := os.LookupEnv(envVar)
	if !ok {
		return
	}
	os.Unsetenv(envVar)
	s, err := decodeSpec(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(ExitSetupFailed)
	}
	// Which descriptors the caller passed is read now, before the launcher
	// opens any of its own in a gap (a nil entry of ExtraFiles).
	files := passedFiles(s.ReportFD)
	syscall.CloseOnExec(s.ReportFD)
	l := &launcher{files: files, spec: s, p: withDefaults(s.Policy), out: os.NewFile(uintptr(s.ReportFD), "sandbox-report"), uid: -1, gid: -1}
	l.run()
}

// checkCmd refuses what the launcher would undo.
func checkCmd(cmd *exec.Cmd) error {
	if cmd.SysProcAttr != nil && cmd.SysProcAttr.Credential != nil {
		return errors.New("sandbox: the command sets its own Credential; the launcher chooses the uid")
	}
	return nil
}

// withDefaults fills in the limits a policy leaves at zero.
func withDefaults(p Policy) Policy {
	if p.MaxProcs == 0 {
		p.MaxProcs = DefaultMaxProcs
	}
	if p.MaxFileSize == 0 {
		p.MaxFileSize = DefaultMaxFileSize
	}
	if p.MaxOpenFiles == 0 {
		p.MaxOpenFiles = DefaultMaxOpenFiles
	}
	if p.CPUTime == 0 {
		p.CPUTime = DefaultCPUTime
	}
	return p
}

type launcher struct {
	files    []uintptr // the descriptors the program inherits
	spec     spec
	p        Policy
	out      *os.File // the report pipe
	uid, gid int      // what the program runs as; -1 when the launcher does not switch
	pooled   bool     // uid is the run's own, from the pool: kill(-1) as uid kills the run
	cpuLimit time.Duration
	enforced []string // what is enforced, in order: uid, Landlock, seccomp, limits
	limits   string
}

// fail reports that the program could not be started in the sandbox, and
// exits.
func (l *launcher) fail(format string, args ...any) {
	err := fmt.Errorf("sandbox: "+format, args...)
	fmt.Fprintln(os.Stderr, err)
	writeReport(l.out, Report{UID: l.uid, Err: err})
	l.out.Close()
	os.Exit(ExitSetupFailed)
}

func (l *launcher) run() {
	// Everything that restricts is done to this thread only, and the program
	// is started from it: the launcher's other threads keep their rights
	// (they forward signals and kill leftovers), and no all-threads system
	// call is needed, so this works in a cgo binary too. The goroutine never
	// unlocks, so the thread dies with the launcher and is never reused.
	runtime.LockOSThread()

	st := Probe()
	if l.p.Mode == Require {
		if err := st.Err(); err != nil {
			l.fail("%v", strings.TrimPrefix(err.Error(), "sandbox: "))
		}
	}
	interp := elfInterp(l.spec.Path)

	if os.Geteuid() == 0 {
		l.chooseUID()
	}
	l.setLimits()
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		l.fail("PR_SET_CHILD_SUBREAPER: %v", errno)
	}

	// From here on, this thread only.
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0); errno != 0 {
		l.fail("PR_SET_NO_NEW_PRIVS: %v", errno)
	}
	if l.uid >= 0 {
		l.becomeUID()
	}
	var rs *ruleset
	if st.Landlock > 0 {
		rs = l.rules(st.Landlock, interp)
		l.enforced = append(l.enforced, fmt.Sprintf("Landlock ABI %d", st.Landlock))
	}
	if st.Seccomp {
		if err := installSeccomp(); err != nil {
			l.fail("%v", err)
		}
		l.enforced = append(l.enforced, "seccomp")
	}
	if rs != nil {
		if err := rs.restrictThread(); err != nil {
			l.fail("%v", err)
		}
		rs.close()
	}
	if l.limits != "" {
		l.enforced = append(l.enforced, l.limits)
	}

	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGUSR2)
	pid, err := syscall.ForkExec(l.spec.Path, l.spec.Args, &syscall.ProcAttr{
		Env:   os.Environ(),
		Files: l.files,
		Sys:   &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
	if err != nil {
		hint := ""
		if errors.Is(err, syscall.EACCES) && l.uid >= 0 {
			hint = fmt.Sprintf(" (as uid %d: every directory above it must be searchable by others)", l.uid)
		}
		l.fail("start %s: %v%s", l.spec.Path, err, hint)
	}

	// Signals for the launcher are the program's: the checker's SIGQUIT at
	// its time limit, a Ctrl-C. SIGTERM ends the run: the program gets it,
	// and SIGKILL TermGrace later if it is still there; either way the
	// launcher then kills what is left and reports.
	var mu sync.Mutex
	exited := false
	termKilled := false // the SIGKILL after SIGTERM's grace was sent
	kill := func(sig syscall.Signal) {
		mu.Lock()
		if !exited {
			syscall.Kill(pid, sig)
			termKilled = termKilled || sig == syscall.SIGKILL
		}
		mu.Unlock()
	}
	go func() {
		for sig := range sigs {
			kill(sig.(syscall.Signal))
			if sig == syscall.SIGTERM {
				time.AfterFunc(TermGrace, func() { kill(syscall.SIGKILL) })
			}
		}
	}()

	var ws syscall.WaitStatus
	var ru syscall.Rusage
	for {
		// Orphans of the program come to us (we are their subreaper): they
		// are reaped here as they end.
		wpid, err := syscall.Wait4(-1, &ws, 0, &ru)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			l.fail("wait for the program: %v", err)
		}
		if wpid == pid {
			break
		}
	}
	mu.Lock()
	exited = true
	mu.Unlock()

	rep := Report{UID: l.uid, Enforced: strings.Join(l.enforced, ", ")}
	rep.Leftover = l.killLeftovers()
	if ws.Signaled() && (ws.Signal() == syscall.SIGKILL || ws.Signal() == syscall.SIGXCPU) && l.cpuLimit > 0 {
		used := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		// The kernel kills at the limit by its own count, finer than what
		// rusage shows (which came out 10-15% lower on a busy VM).
		mu.Lock()
		rep.CPULimit = !termKilled && used >= l.cpuLimit*3/4
		mu.Unlock()
	}
	writeReport(l.out, rep)
	l.out.Close()
	switch {
	case ws.Exited():
		os.Exit(ws.ExitStatus())
	case ws.Signaled():
		dieBySignal(ws.Signal())
	}
	os.Exit(1)
}

// passedFiles are the descriptors the program inherits: those below the
// report pipe, at the same numbers. A descriptor the launcher itself opened
// (the Go runtime keeps cgroup files open, say) is close-on-exec, as all
// the runtime opens, unlike those the launcher inherited: it stays closed
// in the program, as a nil entry of ExtraFiles does.
func passedFiles(n int) []uintptr {
	files := make([]uintptr, n)
	for fd := range files {
		flags, _, errno := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
		if errno != 0 || flags&syscall.FD_CLOEXEC != 0 {
			files[fd] = ^uintptr(0) // closed in the program
		} else {
			files[fd] = uintptr(fd)
		}
	}
	return files
}

// elfInterp is the dynamic loader that path names (PT_INTERP), or "".
func elfInterp(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				return ""
			}
			return strings.TrimRight(string(b), "\x00")
		}
	}
	return ""
}

// The files and directories any Go program (race detector included) reads
// at run time: the dynamic loader's cache and libraries (read; only the
// loader itself may be executed), /proc (its own state and its children's),
// the random and null devices, time zones, and what the runtime reads to
// size itself (huge pages, cgroup CPU limits). Missing ones are skipped.
var systemReadOnly = []string{
	"/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64", "/usr/lib32",
	"/etc/ld.so.cache", "/etc/localtime", "/usr/share/zoneinfo",
	"/proc",
	"/dev/urandom", "/dev/random", "/dev/zero",
	"/sys/kernel/mm/transparent_hugepage", "/sys/fs/cgroup",
}

// rules builds the ruleset, opening every path as the program's uid.
func (l *launcher) rules(abi int, interp string) *ruleset {
	rs, err := newRuleset(abi)
	if err != nil {
		l.fail("%v", err)
	}
	reach := func(path string, err error) {
		hint := ""
		if errors.Is(err, syscall.EACCES) && l.uid >= 0 {
			hint = fmt.Sprintf(" (the program runs as uid %d: every directory above it must be searchable by others, e.g. 0711)", l.uid)
		}
		l.fail("%v%s", err, hint)
	}
	for _, path := range systemReadOnly {
		rs.allow(path, accessRead) // missing: nothing to allow
	}
	if err := rs.allow("/dev/null", accessDevice); err != nil && !errors.Is(err, syscall.ENOENT) {
		l.fail("%v", err)
	}
	if interp != "" {
		if err := rs.allow(interp, accessReadRun); err != nil {
			reach(interp, err)
		}
	}
	if err := rs.allow(l.spec.Path, accessReadRun); err != nil {
		reach(l.spec.Path, err)
	}
	for _, path := range l.p.ReadOnly {
		if err := rs.allow(path, accessReadRun); err != nil {
			reach(path, err)
		}
	}
	for _, path := range append([]string{l.p.Scratch}, l.p.ReadWrite...) {
		if err := rs.allow(path, accessScratch); err != nil {
			reach(path, err)
		}
	}
	return rs
}

// setLimits sets the resource limits of the launcher process, which the
// program inherits.
func (l *launcher) setLimits() {
	set := func(name string, res int, n uint64) {
		// syscall.Setrlimit, not a raw prlimit: for RLIMIT_NOFILE it also
		// stops the runtime from restoring its own limit in the child.
		if err := syscall.Setrlimit(res, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			l.fail("setrlimit %s %d: %v", name, n, err)
		}
	}
	set("RLIMIT_CORE", syscall.RLIMIT_CORE, 0)
	var limits []string
	if n := l.p.MaxProcs; n > 0 {
		limit := uint64(n)
		if l.uid < 0 && os.Getuid() != 0 {
			// RLIMIT_NPROC counts every task of the user.
			limit += uint64(userTasks(os.Getuid()))
		}
		set("RLIMIT_NPROC", rlimitNproc, limit)
		limits = append(limits, fmt.Sprintf("%d tasks", n))
	}
	if n := l.p.MaxFileSize; n > 0 {
		set("RLIMIT_FSIZE", syscall.RLIMIT_FSIZE, uint64(n))
		limits = append(limits, "files up to "+byteSize(n))
	}
	if n := l.p.MaxOpenFiles; n > 0 {
		set("RLIMIT_NOFILE", syscall.RLIMIT_NOFILE, uint64(n))
		limits = append(limits, fmt.Sprintf("%d open files", n))
	}
	if d := l.p.CPUTime; d > 0 {
		secs := uint64((d + time.Second - 1) / time.Second)
		set("RLIMIT_CPU", syscall.RLIMIT_CPU, secs)
		l.cpuLimit = time.Duration(secs) * time.Second
		limits = append(limits, fmt.Sprintf("%ds CPU", secs))
	}
	if len(limits) > 0 {
		l.limits = "limits: " + strings.Join(limits, ", ")
	}
}

// userTasks counts the tasks (threads) whose real uid is uid.
func userTasks(uid int) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	prefix := fmt.Sprintf("Uid:\t%d\t", uid)
	n := 0
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil || !strings.Contains(string(data), "\n"+prefix) {
			continue
		}
		if i := strings.Index(string(data), "\nThreads:\t"); i >= 0 {
			var t int
			fmt.Sscanf(string(data[i+len("\nThreads:\t"):]), "%d", &t)
			n += t
		}
	}
	return n
}

// chooseUID picks the uid the program runs as (the launcher runs as root),
// and makes Scratch the program's.
func (l *launcher) chooseUID() {
	switch {
	case l.p.UID > 0:
		l.uid, l.gid = l.p.UID, l.p.GID
		if l.gid <= 0 {
			l.gid = l.uid
		}
	default:
		uid, err := acquireUID()
		if err != nil {
			l.fail("%v", err)
		}
		l.uid, l.gid, l.pooled = uid, uid, true
	}
	if err := chownTree(l.p.Scratch, l.uid, l.gid); err != nil {
		l.fail("make the scratch directory the program's: %v", err)
	}
}

// becomeUID switches this thread (only) to the program's uid and gid, with
// no supplementary groups: its capabilities go with root. A pooled uid's
// processes left by an earlier run whose launcher was killed are killed
// first.
func (l *launcher) becomeUID() {
	if _, _, errno := syscall.RawSyscall(sysSetgroups, 0, 0, 0); errno != 0 {
		l.fail("setgroups: %v", errno)
	}
	if _, _, errno := syscall.RawSyscall(sysSetresgid, uintptr(l.gid), uintptr(l.gid), uintptr(l.gid)); errno != 0 {
		l.fail("setresgid %d: %v", l.gid, errno)
	}
	if _, _, errno := syscall.RawSyscall(sysSetresuid, uintptr(l.uid), uintptr(l.uid), uintptr(l.uid)); errno != 0 {
		l.fail("setresuid %d: %v", l.uid, errno)
	}
	if l.pooled {
		killAllOfUID()
	}
	l.enforced = append(l.enforced, fmt.Sprintf("uid %d", l.uid))
}

// killAllOfUID sends SIGKILL to every process the calling thread may signal
// but its own: called from a thread with a pooled uid and no capabilities,
// that is every process of the run. The kernel does it under one lock, so a
// fork bomb cannot outrun it.
func killAllOfUID() {
	syscall.RawSyscall(syscall.SYS_KILL, ^uintptr(0), uintptr(syscall.SIGKILL), 0)
}

// killLeftovers kills every process the program left (our descendants: a
// subreaper inherits the orphans), reaps them, and returns how many were
// still running when the program ended. Called on the restricted thread.
func (l *launcher) killLeftovers() int {
	leftover := -1
	deadline := time.Now().Add(10 * time.Second)
	for {
		for {
			wpid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if err == syscall.ECHILD {
				return max(leftover, 0)
			}
			if err == syscall.EINTR {
				continue
			}
			if err != nil || wpid == 0 {
				break
			}
		}
		desc := descendants(os.Getpid())
		if leftover < 0 {
			leftover = 0
			for _, d := range desc {
				if d.state != 'Z' {
					leftover++
				}
			}
		}
		if l.pooled {
			killAllOfUID()
		}
		for _, d := range desc {
			syscall.Kill(d.pid, syscall.SIGKILL)
		}
		if time.Now().After(deadline) {
			return max(leftover, 0)
		}
		time.Sleep(time.Millisecond)
	}
}

type proc struct {
	pid, ppid int
	state     byte
}

// descendants lists the processes below pid, as /proc shows them.
func descendants(pid int) []proc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]proc{}
	for _, e := range entries {
		name := e.Name()
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		data, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		end := strings.LastIndexByte(string(data), ')')
		if end < 0 || end+4 > len(data) {
			continue
		}
		var p proc
		fmt.Sscanf(name, "%d", &p.pid)
		p.state = data[end+2]
		fmt.Sscanf(string(data[end+4:]), "%d", &p.ppid)
		children[p.ppid] = append(children[p.ppid], p)
	}
	var out []proc
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, c := range children[next] {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
	}
	return out
}

// dieBySignal ends the launcher by sig, as the program ended, so that its
// parent sees what it would have seen without the launcher. No core dump.
func dieBySignal(sig syscall.Signal) {
	syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_DUMPABLE, 0, 0)
	if sig != syscall.SIGKILL && sig != syscall.SIGSTOP {
		var act [4]uintptr // struct sigaction, all zero: SIG_DFL
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
		mask := uint64(1) << (uint(sig) - 1)
		syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 1 /* SIG_UNBLOCK */, uintptr(unsafe.Pointer(&mask)), 0, 8, 0, 0)
	}
	syscall.Tgkill(syscall.Getpid(), syscall.Gettid(), sig)
	time.Sleep(100 * time.Millisecond)
	os.Exit(128 + int(sig))
}

func byteSize(n int64) string {
	switch {
	case n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
