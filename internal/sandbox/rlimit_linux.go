//go:build linux && !mips && !mipsle && !mips64 && !mips64le

package sandbox

const rlimitNproc = 6 // RLIMIT_NPROC
