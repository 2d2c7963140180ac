//go:build linux

package sandbox

import "syscall"

const (
	seccompArch   = true
	auditArch     = 0xc000003e // AUDIT_ARCH_X86_64
	foreignNrBase = 0x40000000 // __X32_SYSCALL_BIT
	sysIoctl      = 16
)

var deniedCalls = []deniedCall{
	{41, syscall.EACCES},  // socket
	{425, syscall.ENOSYS}, // io_uring_setup
	{426, syscall.ENOSYS}, // io_uring_enter
	{427, syscall.ENOSYS}, // io_uring_register
	{90, syscall.EPERM},   // chmod
	{91, syscall.EPERM},   // fchmod
	{268, syscall.EPERM},  // fchmodat
	{452, syscall.EPERM},  // fchmodat2
	{92, syscall.EPERM},   // chown
	{93, syscall.EPERM},   // fchown
	{94, syscall.EPERM},   // lchown
	{260, syscall.EPERM},  // fchownat
	{188, syscall.EPERM},  // setxattr
	{189, syscall.EPERM},  // lsetxattr
	{190, syscall.EPERM},  // fsetxattr
	{197, syscall.EPERM},  // removexattr
	{198, syscall.EPERM},  // lremovexattr
	{199, syscall.EPERM},  // fremovexattr
	{463, syscall.EPERM},  // setxattrat
	{466, syscall.EPERM},  // removexattrat
	{469, syscall.EPERM},  // file_setattr
	{132, syscall.EPERM},  // utime
	{235, syscall.EPERM},  // utimes
	{261, syscall.EPERM},  // futimesat
	{280, syscall.EPERM},  // utimensat
	{248, syscall.ENOSYS}, // add_key
	{249, syscall.ENOSYS}, // request_key
	{250, syscall.ENOSYS}, // keyctl
}
