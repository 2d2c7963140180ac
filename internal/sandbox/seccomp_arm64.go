//go:build linux

package sandbox

import "syscall"

const (
	seccompArch   = true
	auditArch     = 0xc00000b7 // AUDIT_ARCH_AARCH64
	foreignNrBase = 0
	sysIoctl      = 29
)

var deniedCalls = []deniedCall{
	{198, syscall.EACCES}, // socket
	{425, syscall.ENOSYS}, // io_uring_setup
	{426, syscall.ENOSYS}, // io_uring_enter
	{427, syscall.ENOSYS}, // io_uring_register
	{52, syscall.EPERM},   // fchmod
	{53, syscall.EPERM},   // fchmodat
	{452, syscall.EPERM},  // fchmodat2
	{55, syscall.EPERM},   // fchown
	{54, syscall.EPERM},   // fchownat
	{5, syscall.EPERM},    // setxattr
	{6, syscall.EPERM},    // lsetxattr
	{7, syscall.EPERM},    // fsetxattr
	{14, syscall.EPERM},   // removexattr
	{15, syscall.EPERM},   // lremovexattr
	{16, syscall.EPERM},   // fremovexattr
	{463, syscall.EPERM},  // setxattrat
	{466, syscall.EPERM},  // removexattrat
	{469, syscall.EPERM},  // file_setattr
	{88, syscall.EPERM},   // utimensat
	{217, syscall.ENOSYS}, // add_key
	{218, syscall.ENOSYS}, // request_key
	{219, syscall.ENOSYS}, // keyctl
}
