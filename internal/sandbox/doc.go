// Package sandbox runs a program (a check binary holding learner code, and
// every process it starts) with less power than the checker that starts it:
// it may write only inside its own scratch directory, read only its
// workspace and the few system files a Go program needs at run time, open no
// socket, and runs under resource limits (processes, file size, open files,
// CPU time), so that a fork bomb or a disk filler fails inside its own check.
//
// The restrictions are applied by a small launcher: [Wrap] rewrites an
// [os/exec.Cmd] so that it starts the current executable in launcher mode,
// and [Main], called first thing in main (and in TestMain), recognises that
// mode. The launcher sets the limits, takes an unprivileged uid of its own
// when it runs as root, restricts its launching thread (no_new_privs,
// Landlock, a seccomp filter), starts the program from that thread, stays as
// its parent (a child subreaper), passes signals on, kills and reaps every
// process the program leaves behind, writes a [Report], and exits as the
// program did. The checker itself keeps all its rights. [Probe] says what
// the kernel can enforce, in one line a report can print.
//
// # What it guarantees
//
// With the whole sandbox ([Status.Err] is nil), the program and everything
// it starts:
//   - create, write, truncate, rename or remove files only beneath Scratch
//     and ReadWrite (and /dev/null); nothing written there can be executed;
//   - read only ReadOnly, the program itself, and the system files a Go
//     program (race detector included) needs: the dynamic loader and
//     libraries (/lib*, /usr/lib*, /etc/ld.so.cache), /proc, /dev/null,
//     /dev/zero, /dev/urandom, /dev/random, time zones, and what the runtime
//     reads to size itself (/sys/kernel/mm/transparent_hugepage,
//     /sys/fs/cgroup). The build cache, the module cache, other
//     submissions, HOME and /etc are out of reach;
//   - execute only ReadOnly paths, the program and its dynamic loader;
//   - open no socket of any family (seccomp): no TCP (MPTCP included, which
//     Landlock's TCP rules miss and which Go's net.Listen uses by default),
//     no UDP, no Unix sockets (such as an ssh-agent's); pipes and
//     socketpair(2) work. Landlock's own TCP rules (ABI 4) are applied too;
//   - cannot signal, ptrace, or read the memory or environment of processes
//     outside the run (Landlock; signals scoped from ABI 6; as root also
//     file permissions, the run having a uid of its own);
//   - cannot chmod, chown, set extended attributes or times of any file,
//     use io_uring, the kernel keyrings, or type into a terminal (TIOCSTI);
//   - cannot gain privileges (no_new_privs; as root, no capabilities);
//   - stay under MaxProcs tasks (as root, counted for the run alone: a fork
//     bomb fails with EAGAIN inside its own check, not in the next one),
//     MaxFileSize per file (a bigger write fails with EFBIG), MaxOpenFiles
//     per process, and CPUTime per process (then SIGKILL,
//     Report.CPULimit), and dump no core;
//   - do not outlive the program: when it ends, or on SIGTERM to the
//     launcher, every process it left is killed and counted
//     (Report.Leftover), those that left its process group or session
//     included (the launcher is their subreaper; as root it kills the whole
//     uid at once, which no fork bomb outruns).
//
// # What it does not
//
//   - Memory is not limited (the race detector reserves terabytes of address
//     space, so RLIMIT_AS cannot be used; a cgroup could): a memory hog is
//     stopped by the time limit or the kernel's OOM killer.
//   - Disk space is limited per file, not in total: many files of
//     MaxFileSize, or many small ones, can fill the scratch directory's
//     filesystem. Put Scratch on a size-limited filesystem (a tmpfs with
//     size=, a quota) for that.
//   - Names and metadata outside the allowed paths can still be probed with
//     stat(2) (Landlock checks opening, not looking up), and /proc shows
//     every process's command line, so the paths of other runs can be seen
//     (not their files).
//   - The program can read its own binary, which holds the checks compiled
//     with it, hidden ones included: the sandbox keeps the learner's code
//     from the machine, not from the checks it runs with.
//   - It is not a virtual machine nor a container: the kernel's whole
//     system-call surface but the calls named above stays reachable, so a
//     kernel exploit is not stopped. The exec restriction is a convenience,
//     not a boundary: the learner's code is code already.
//   - A launcher killed by SIGKILL cannot clean up: what had left the
//     process group lives on, until [Sweep] (as root) or forever (as another
//     user). Stop runs with SIGTERM to the launcher.
//   - Not as root (no uid of its own): MaxProcs counts on top of the user's
//     other tasks (a bomb can still starve the user's other processes of
//     that margin), signals to the user's other processes are stopped only
//     from Landlock ABI 6, truncation of the user's files only from ABI 3,
//     and leftovers of a killed launcher are not swept.
//   - Mode Off, or a kernel without Landlock in Mode Auto, leaves files open
//     (the limits and the seccomp filter still apply in Auto).
//
// # Kernel
//
// Linux. Landlock needs 5.13 or later with landlock in the boot's LSM list;
// the launcher uses the ABI the kernel has (TCP rules from ABI 4, Linux 6.7;
// signal and abstract socket scoping from ABI 6, Linux 6.12). The seccomp
// filter is written for amd64 and arm64. The whole sandbox needs Landlock
// and the filter, and, when the checker does not run as root, ABI 6.
//
// # Cost
//
// One more process start per run: the launcher is the checker's own binary,
// so most of the cost is that binary starting (its runtime and package
// initialisation); the rest is the setup (uid lock, chown of Scratch,
// limits, 18 Landlock rules, seccomp), the fork, the wait, and the
// runtime's thread hand-offs around the locked thread. TestLauncherOverhead
// measures it (go test -run Overhead -v): the median of 20 interleaved
// starts, direct and wrapped, of /bin/true and of a Go test binary, in wall
// time and in CPU time (wait4's rusage). On the 2-core development machine,
// shared and busy (load 5 to 11), it added 17 to 85 ms of wall time and 20
// to 30 ms of CPU time per start, of which 12 to 20 ms is the launcher
// binary (a 10 MB cgo test binary) starting, as a direct start of that
// same binary costs. A check run takes hundreds of milliseconds.
//
// # For the runner
//
// The program's directories must be reachable by its uid when the checker
// runs as root: every directory above Scratch, ReadOnly and the program must
// be searchable by others (0711 or 0755; os.MkdirTemp makes 0700 ones), and
// the files readable. Point HOME, GOCACHE and the like into Scratch if the
// program writes there; Wrap sets TMPDIR itself.
package sandbox
