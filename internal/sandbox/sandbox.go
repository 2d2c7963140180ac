package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Mode says how much sandbox a run wants.
type Mode int

const (
	// Auto uses what the kernel offers (see [Probe]); the caller says what
	// that is, and warns when it is not everything ([Status.Err]).
	Auto Mode = iota
	// Require refuses to run when the kernel cannot enforce the whole
	// sandbox: [Wrap] returns [Status.Err].
	Require
	// Off runs the program as it is: for a machine that is already a
	// sandbox. [Wrap] leaves the command alone.
	Off
)

// ParseMode reads auto, require or off.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "auto":
		return Auto, nil
	case "require":
		return Require, nil
	case "off":
		return Off, nil
	}
	return Auto, fmt.Errorf("sandbox mode %q: want auto, require or off", s)
}

func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case Require:
		return "require"
	case Off:
		return "off"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Set makes *Mode a flag.Value: flag.Var(&mode, "sandbox", "auto|require|off").
func (m *Mode) Set(s string) error {
	v, err := ParseMode(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Default limits, used where a Policy leaves a limit at zero.
const (
	DefaultMaxProcs     = 256
	DefaultMaxFileSize  = 64 << 20
	DefaultMaxOpenFiles = 1024
	DefaultCPUTime      = 10 * time.Minute
)

// The launcher's uids, when it runs as root: a range no distribution hands
// out (above systemd's container range, 524288-1879048191, and below its
// foreign range, 2147352576 and up). Each run holds one, locked by a file
// lock that dies with its launcher, so that two runs (of one checker or of
// several) never share one; its gid is the same number.
const (
	PoolBase = 1_900_000_000
	PoolSize = 4096
)

// Policy says what one sandboxed run may do. Paths must be absolute.
type Policy struct {
	Mode Mode

	// Scratch is the program's own directory, and TMPDIR: the only place,
	// with ReadWrite, where it may create, write or remove files (it may not
	// execute files there). When the launcher runs as root, Scratch and
	// everything in it are made the program's (chown) first.
	Scratch string
	// ReadOnly lists the files and directories the program may read and
	// execute besides the system ones it needs at run time (the dynamic
	// loader, libc, /proc, /dev/null, /dev/urandom, time zones): its
	// workspace. The program itself is always allowed.
	ReadOnly []string
	// ReadWrite lists further files or directories the program may read and
	// write (not made its own).
	ReadWrite []string

	// MaxProcs bounds the processes and threads of the program
	// (RLIMIT_NPROC). As root each run has a uid of its own, so it counts
	// the run's tasks only; otherwise it counts on top of the tasks the user
	// already has when the run starts. 0 means DefaultMaxProcs; below 0, none.
	MaxProcs int
	// MaxFileSize bounds the size of any file the program writes
	// (RLIMIT_FSIZE): past it a write fails with EFBIG. 0 means
	// DefaultMaxFileSize; below 0, none.
	MaxFileSize int64
	// MaxOpenFiles bounds the file descriptors of each process
	// (RLIMIT_NOFILE). 0 means DefaultMaxOpenFiles; below 0, unchanged.
	MaxOpenFiles int
	// CPUTime bounds the CPU time of each process (RLIMIT_CPU, whole
	// seconds, at least one): past it the process is killed. Set it to about
	// the number of CPUs times the run's time limit. 0 means DefaultCPUTime;
	// below 0, none.
	CPUTime time.Duration

	// UID and GID are the ids the program runs as when the launcher runs as
	// root. 0 takes a free uid (and the same gid) from the launcher's pool:
	// one per run at a time, locked, so that MaxProcs counts this run alone
	// and the launcher can kill all of its processes at once. With an
	// explicit uid, leftovers are found through the process tree instead.
	// Not root: the program keeps the user's ids.
	UID, GID int
}

// Report is what the launcher did, read back by [Launch.Report].
type Report struct {
	// Enforced says in one line what the program ran under; "" when it ran
	// outside the sandbox (Mode Off, or not Linux).
	Enforced string
	// UID is the uid the program ran as (-1 when unknown).
	UID int
	// Leftover counts the processes of the program still running when it
	// ended; the launcher killed them (and everything they had started).
	Leftover int
	// CPULimit is set when the program was killed at its CPU time limit (by
	// SIGKILL, not from the launcher, with at least three quarters of the
	// limit used as rusage counts it).
	CPULimit bool
	// Err is set when the launcher could not start the program inside the
	// sandbox: the program did not run, and the launcher exited with
	// status 125. It is also set when the launcher died before it could
	// report (killed, say).
	Err error
}

// TermGrace is how long the launcher gives the program after passing it a
// SIGTERM, before it kills it.
const TermGrace = 2 * time.Second

// ExitSetupFailed is the launcher's exit status when it could not start the
// program inside the sandbox (Report.Err says why).
const ExitSetupFailed = 125

// Launch is one wrapped command: Report, called after the command's Wait (or
// after its Start failed), says what the launcher did and releases the pipe
// it reports through.
type Launch struct {
	r, w   *os.File
	done   bool
	report Report
}

// envVar carries the launch (policy, program, arguments) to the launcher.
const envVar = "WORKBOOK_SANDBOX_LAUNCH"

// spec is what Wrap hands to the launcher.
type spec struct {
	Policy   Policy
	Path     string   // the program
	Args     []string // its argv, argv[0] included
	ReportFD int      // the launcher's report pipe; fds below it are passed on
}

// Wrap rewrites cmd (not yet started) so that it runs its program under the
// launcher with policy p: cmd's Path and Args become the current executable
// (which must call [Main] first thing), its environment carries the launch,
// TMPDIR points to p.Scratch, and a pipe is added to ExtraFiles for the
// launcher's report. Dir, Stdin, Stdout, Stderr, ExtraFiles and SysProcAttr
// (a process group, say) apply to the launcher and, but for SysProcAttr, are
// passed on to the program. With Mode Off it changes nothing. With Mode
// Require it fails when [Probe] says the kernel cannot enforce the sandbox.
//
// cmd.Process is the launcher, which is the program's parent. Signals sent
// to it (SIGQUIT, SIGINT, SIGHUP, SIGUSR1, SIGUSR2) are passed to the
// program; SIGTERM too, and the program is killed [TermGrace] later if it
// is still running. However the program ends, the launcher then kills every
// process it left (those that left the process group included), reports
// how many in [Report].Leftover, and exits with the program's status, or
// dies of the same signal. To stop a run, send SIGTERM to cmd.Process
// (cmd.Cancel, with exec.CommandContext): a launcher killed by SIGKILL
// (a process-group kill, say) cannot clean up, and what escaped the group
// lives on until [Sweep] (as root), or forever (as another user).
func Wrap(cmd *exec.Cmd, p Policy) (*Launch, error) {
	if p.Mode == Off {
		return &Launch{done: true, report: Report{UID: -1}}, nil
	}
	if cmd.Process != nil {
		return nil, errors.New("sandbox: Wrap of a command already started")
	}
	if cmd.Err != nil {
		return nil, cmd.Err
	}
	if p.Scratch == "" {
		return nil, errors.New("sandbox: the policy has no Scratch directory")
	}
	for _, path := range append(append([]string{p.Scratch}, p.ReadOnly...), p.ReadWrite...) {
		if !isAbs(path) {
			return nil, fmt.Errorf("sandbox: policy path %q is not absolute", path)
		}
	}
	if p.Mode == Require {
		if err := Probe().Err(); err != nil {
			return nil, err
		}
	}
	if runtime.GOOS != "linux" {
		return &Launch{done: true, report: Report{UID: -1}}, nil
	}
	if err := checkCmd(cmd); err != nil {
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("sandbox: find the launcher (os.Executable): %w", err)
	}
	target := cmd.Path
	if !isAbs(target) {
		if !strings.Contains(target, "/") {
			return nil, fmt.Errorf("sandbox: program %q has no path", target)
		}
		if cmd.Dir != "" {
			target = cmd.Dir + "/" + target
		} else if wd, err := os.Getwd(); err == nil {
			target = wd + "/" + target
		}
	}
	args := cmd.Args
	if len(args) == 0 {
		args = []string{cmd.Path}
	}
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	env = setEnv(env, "TMPDIR", p.Scratch)
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: report pipe: %w", err)
	}
	s := spec{Policy: p, Path: target, Args: args, ReportFD: 3 + len(cmd.ExtraFiles)}
	enc, err := encodeSpec(s)
	if err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	cmd.Path = exe
	cmd.Args = []string{exe}
	cmd.Env = append(env, envVar+"="+enc)
	cmd.ExtraFiles = append(cmd.ExtraFiles, w)
	return &Launch{r: r, w: w}, nil
}

func isAbs(p string) bool { return strings.HasPrefix(p, "/") }

// setEnv returns env with key set to value (earlier settings removed).
func setEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// Report says what the launcher did. Call it once the command has been
// waited for (or its Start failed): before that it blocks until the launcher
// ends. Later calls return the same report.
func (l *Launch) Report() Report {
	if l.done {
		return l.report
	}
	l.done = true
	l.w.Close()
	l.report = readReport(l.r)
	l.r.Close()
	return l.report
}
