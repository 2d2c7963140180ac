//go:build linux && !386 && !arm

package sandbox

import "syscall"

const (
	sysSetresuid = syscall.SYS_SETRESUID
	sysSetresgid = syscall.SYS_SETRESGID
	sysSetgroups = syscall.SYS_SETGROUPS
)
