//go:build linux && (mips || mipsle || mips64 || mips64le)

package sandbox

const rlimitNproc = 8 // RLIMIT_NPROC
