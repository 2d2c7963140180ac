//go:build linux && !amd64 && !arm64

package sandbox

// No filter for this architecture (Status.Seccomp is false).
const (
	seccompArch   = false
	auditArch     = 0
	foreignNrBase = 0
	sysIoctl      = 0
)

var deniedCalls []deniedCall
