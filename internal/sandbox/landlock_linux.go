package sandbox

// Landlock through raw system calls (see landlock(7) and
// include/uapi/linux/landlock.h). The launcher restricts one thread, the one
// it starts the program from, which go-landlock does not offer (it restricts
// every thread, through psx when cgo is on).

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

const (
	sysLandlockCreateRuleset = 444 // the same number on every architecture
	sysLandlockAddRule       = 445
	sysLandlockRestrictSelf  = 446

	landlockCreateRulesetVersion = 1 << 0

	oPath = 0x200000 // O_PATH, the same on every architecture Go supports but alpha, parisc, sparc

	landlockRulePathBeneath = 1 // (a net port rule, 2, is never added: no port is allowed)
)

// Filesystem access rights.
const (
	fsExecute    = 1 << 0
	fsWriteFile  = 1 << 1
	fsReadFile   = 1 << 2
	fsReadDir    = 1 << 3
	fsRemoveDir  = 1 << 4
	fsRemoveFile = 1 << 5
	fsMakeChar   = 1 << 6
	fsMakeDir    = 1 << 7
	fsMakeReg    = 1 << 8
	fsMakeSock   = 1 << 9
	fsMakeFifo   = 1 << 10
	fsMakeBlock  = 1 << 11
	fsMakeSym    = 1 << 12
	fsRefer      = 1 << 13 // ABI 2
	fsTruncate   = 1 << 14 // ABI 3
	fsIoctlDev   = 1 << 15 // ABI 5

	// The rights that a rule on a file (not a directory) may carry.
	fsFileRights = fsExecute | fsWriteFile | fsReadFile | fsTruncate | fsIoctlDev

	netBindTCP    = 1 << 0 // ABI 4
	netConnectTCP = 1 << 1

	scopeAbstractUnixSocket = 1 << 0 // ABI 6
	scopeSignal             = 1 << 1
)

// Access sets of the launcher's rules (masked by what the ABI handles).
const (
	accessRead    = fsReadFile | fsReadDir
	accessReadRun = accessRead | fsExecute
	// accessDevice is for /dev/null: read, write, and O_TRUNC.
	accessDevice = fsReadFile | fsWriteFile | fsTruncate
	// accessScratch is everything but running what was written there.
	accessScratch = (1<<16 - 1) &^ fsExecute
)

// landlockABI asks the kernel for its Landlock ABI version.
func landlockABI() (int, error) {
	v, _, errno := syscall.Syscall(sysLandlockCreateRuleset, 0, 0, landlockCreateRulesetVersion)
	if errno != 0 {
		return 0, errno
	}
	return int(v), nil
}

// handledFS is every filesystem right that ABI abi knows.
func handledFS(abi int) uint64 {
	h := uint64(1<<13 - 1)
	if abi >= 2 {
		h |= fsRefer
	}
	if abi >= 3 {
		h |= fsTruncate
	}
	if abi >= 5 {
		h |= fsIoctlDev
	}
	return h
}

type rulesetAttr struct {
	handledAccessFS  uint64
	handledAccessNet uint64 // ABI 4
	scoped           uint64 // ABI 6
}

// pathBeneathAttr is struct landlock_path_beneath_attr, which is packed:
// 8 bytes of rights, then a 4-byte fd.
type pathBeneathAttr [12]byte

// ruleset is a Landlock ruleset being built.
type ruleset struct {
	fd      int
	abi     int
	handled uint64
}

// newRuleset creates a ruleset that handles every right abi knows: what no
// rule allows is denied. TCP bind and connect (ABI 4) get no rule at all.
func newRuleset(abi int) (*ruleset, error) {
	attr := rulesetAttr{handledAccessFS: handledFS(abi)}
	if abi >= 4 {
		attr.handledAccessNet = netBindTCP | netConnectTCP
	}
	if abi >= 6 {
		attr.scoped = scopeAbstractUnixSocket | scopeSignal
	}
	fd, _, errno := syscall.Syscall(sysLandlockCreateRuleset, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr), 0)
	if errno != 0 {
		return nil, fmt.Errorf("landlock_create_ruleset: %w", errno)
	}
	return &ruleset{fd: int(fd), abi: abi, handled: attr.handledAccessFS}, nil
}

// allow adds a rule giving access to path (a file or a directory and all
// beneath it). It opens path as the calling thread, so a path the thread
// cannot reach fails here.
func (rs *ruleset) allow(path string, access uint64) error {
	fd, err := syscall.Open(path, oPath|syscall.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return &os.PathError{Op: "stat", Path: path, Err: err}
	}
	access &= rs.handled
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		access &= fsFileRights
	}
	if access == 0 {
		return nil
	}
	var attr pathBeneathAttr
	*(*uint64)(unsafe.Pointer(&attr[0])) = access
	*(*int32)(unsafe.Pointer(&attr[8])) = int32(fd)
	_, _, errno := syscall.Syscall6(sysLandlockAddRule, uintptr(rs.fd), landlockRulePathBeneath, uintptr(unsafe.Pointer(&attr)), 0, 0, 0)
	if errno != 0 {
		return fmt.Errorf("landlock_add_rule %s: %w", path, errno)
	}
	return nil
}

// restrictThread applies the ruleset to the calling thread (and what it
// starts from now on). The thread must have no_new_privs set, or
// CAP_SYS_ADMIN.
func (rs *ruleset) restrictThread() error {
	_, _, errno := syscall.RawSyscall(sysLandlockRestrictSelf, uintptr(rs.fd), 0, 0)
	if errno != 0 {
		return fmt.Errorf("landlock_restrict_self: %w", errno)
	}
	return nil
}

func (rs *ruleset) close() { syscall.Close(rs.fd) }

// landlockReason says why the kernel has no Landlock.
func landlockReason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSYS):
		return "the kernel has no Landlock: it needs Linux 5.13 or later built with CONFIG_SECURITY_LANDLOCK"
	case errors.Is(err, syscall.EOPNOTSUPP):
		return "Landlock is built in but disabled: add landlock to the lsm= boot parameter"
	}
	return "landlock_create_ruleset: " + err.Error()
}
