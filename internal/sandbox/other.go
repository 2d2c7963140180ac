//go:build !linux

package sandbox

import "os/exec"

func checkCmd(*exec.Cmd) error { return nil }

func probe() Status { return Status{Reason: "not Linux"} }

// Main returns at once: there is no launcher outside Linux.
func Main() {}
