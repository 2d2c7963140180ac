//go:build linux && (386 || arm)

package sandbox

import "syscall"

// The calls with 32-bit ids.
const (
	sysSetresuid = syscall.SYS_SETRESUID32
	sysSetresgid = syscall.SYS_SETRESGID32
	sysSetgroups = syscall.SYS_SETGROUPS32
)
