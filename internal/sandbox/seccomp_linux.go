package sandbox

// A seccomp filter, installed on the launching thread next to Landlock. It
// closes what Landlock leaves open (before its newest ABIs) and what file
// permissions alone would leave open when the program keeps the user's uid:
//   - socket(2), for every family: Landlock's TCP rules (ABI 4) do not cover
//     MPTCP, which Go's net.Listen uses by default since Go 1.24, nor UDP
//     (before ABI 10), nor pathname Unix sockets (before ABI 9), such as a
//     user's ssh-agent. socketpair(2) and pipes still work;
//   - io_uring, which would do socket and file work past this filter;
//   - chmod, chown, xattr and utimes calls: Landlock does not check file
//     metadata, so without a uid of its own a program could chmod the user's
//     files;
//   - the kernel keyrings (keyctl, add_key, request_key);
//   - the TIOCSTI and TIOCLINUX ioctls, which type into a terminal;
//   - system calls of another architecture's table (x32, int 0x80).

import (
	"fmt"
	"syscall"
	"unsafe"
)

const (
	prSetNoNewPrivs     = 38
	prSetChildSubreaper = 36
	prGetSeccomp        = 21
	prSetSeccomp        = 22
	seccompModeFilter   = 2

	seccompRetAllow = 0x7fff0000
	seccompRetErrno = 0x00050000

	bpfLdWAbs = 0x20 // BPF_LD | BPF_W | BPF_ABS
	bpfJeqK   = 0x15 // BPF_JMP | BPF_JEQ | BPF_K
	bpfJgeK   = 0x35 // BPF_JMP | BPF_JGE | BPF_K
	bpfRetK   = 0x06 // BPF_RET | BPF_K

	// offsets in struct seccomp_data
	offNr    = 0
	offArch  = 4
	offArg1  = 24 // low 32 bits of args[1] (little-endian)
	tiocsti  = 0x5412
	tioclnux = 0x541c
)

type deniedCall struct {
	nr    uint32
	errno syscall.Errno
}

// seccompFilter is the launcher's filter for this architecture.
func seccompFilter() []syscall.SockFilter {
	stmt := func(code uint16, k uint32) syscall.SockFilter { return syscall.SockFilter{Code: code, K: k} }
	jump := func(code uint16, k uint32, jt, jf uint8) syscall.SockFilter {
		return syscall.SockFilter{Code: code, K: k, Jt: jt, Jf: jf}
	}
	errno := func(e syscall.Errno) uint32 { return seccompRetErrno | uint32(e) }
	f := []syscall.SockFilter{
		stmt(bpfLdWAbs, offArch),
		jump(bpfJeqK, auditArch, 1, 0),
		stmt(bpfRetK, errno(syscall.EPERM)),
		stmt(bpfLdWAbs, offNr),
	}
	if foreignNrBase != 0 {
		f = append(f, jump(bpfJgeK, foreignNrBase, 0, 1), stmt(bpfRetK, errno(syscall.EPERM)))
	}
	for _, d := range deniedCalls {
		f = append(f, jump(bpfJeqK, d.nr, 0, 1), stmt(bpfRetK, errno(d.errno)))
	}
	return append(f,
		jump(bpfJeqK, sysIoctl, 0, 3),
		stmt(bpfLdWAbs, offArg1),
		jump(bpfJeqK, tiocsti, 2, 0),
		jump(bpfJeqK, tioclnux, 1, 0),
		stmt(bpfRetK, seccompRetAllow),
		stmt(bpfRetK, errno(syscall.EPERM)),
	)
}

// installSeccomp installs the filter on the calling thread (and what it
// starts from now on). The thread must have no_new_privs set.
func installSeccomp() error {
	f := seccompFilter()
	prog := syscall.SockFprog{Len: uint16(len(f)), Filter: &f[0]}
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetSeccomp, seccompModeFilter, uintptr(unsafe.Pointer(&prog)))
	if errno != 0 {
		return fmt.Errorf("seccomp filter: %w", errno)
	}
	return nil
}

// seccompAvailable says whether the kernel has seccomp filters and the
// launcher has a filter for this architecture.
func seccompAvailable() bool {
	if !seccompArch {
		return false
	}
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prGetSeccomp, 0, 0)
	return errno == 0
}
