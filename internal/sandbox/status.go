package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Status is what the kernel (and the checker's privileges) can enforce.
type Status struct {
	// Landlock is the Landlock ABI version; 0 when there is none, and
	// Reason says why.
	Landlock int
	Reason   string
	// Seccomp is set when the launcher can install its system call filter
	// (no sockets, no io_uring, no chmod/chown/xattr/utimes, no keyrings,
	// no TIOCSTI): Linux on amd64 or arm64.
	Seccomp bool
	// OwnUID is set when the launcher runs as root: each run then gets an
	// unprivileged uid of its own, so that file permissions, signals and
	// the process limit hold as for any other user.
	OwnUID bool
}

var (
	probeOnce sync.Once
	probed    Status
)

// Probe says what the kernel can enforce. It asks the kernel once per
// process.
func Probe() Status {
	probeOnce.Do(func() { probed = probe() })
	return probed
}

// String says in one line what a sandboxed run is held to, for a report.
func (s Status) String() string {
	var parts []string
	if s.Landlock > 0 {
		what := "files"
		if s.Landlock >= 4 {
			what += ", TCP"
		}
		if s.Landlock >= 6 {
			what += ", signals and abstract sockets scoped"
		}
		parts = append(parts, fmt.Sprintf("Landlock ABI %d (%s)", s.Landlock, what))
	} else {
		parts = append(parts, "no Landlock ("+s.Reason+")")
	}
	if s.Seccomp {
		parts = append(parts, "seccomp (no sockets)")
	}
	if s.OwnUID {
		parts = append(parts, "a uid of its own")
	}
	if s.Reason != "not Linux" {
		parts = append(parts, "limits on processes, file size, open files and CPU time")
	}
	return "sandbox: " + strings.Join(parts, "; ")
}

// Err says, in one line, why the kernel cannot enforce the whole sandbox,
// or nil when it can. The whole sandbox is: writes only in the scratch
// directory and reads only of the workspace (Landlock, Linux 5.13; without
// a uid of its own also truncation, ABI 3 (6.2), and signals to the user's
// other processes, ABI 6 (6.12)), and no sockets (seccomp).
func (s Status) Err() error {
	var missing []string
	switch {
	case s.Landlock == 0:
		missing = append(missing, "no Landlock: "+s.Reason)
	case !s.OwnUID && s.Landlock < 3:
		missing = append(missing, fmt.Sprintf("Landlock ABI %d cannot stop truncating the user's files (ABI 3, Linux 6.2, can; so can running as root, which gives each run its own uid)", s.Landlock))
	case !s.OwnUID && s.Landlock < 6:
		missing = append(missing, fmt.Sprintf("Landlock ABI %d cannot stop signals to the user's other processes (ABI 6, Linux 6.12, can; so can running as root, which gives each run its own uid)", s.Landlock))
	}
	if !s.Seccomp && s.Reason != "not Linux" {
		missing = append(missing, "no seccomp filter on this architecture (sockets stay open)")
	}
	if len(missing) == 0 {
		return nil
	}
	return errors.New("sandbox: the kernel cannot enforce it: " + strings.Join(missing, "; "))
}

// reportJSON is Report on the wire.
type reportJSON struct {
	Enforced string `json:"enforced"`
	UID      int    `json:"uid"`
	Leftover int    `json:"leftover"`
	CPULimit bool   `json:"cpu_limit"`
	Err      string `json:"err,omitempty"`
}

func writeReport(w io.Writer, r Report) error {
	j := reportJSON{Enforced: r.Enforced, UID: r.UID, Leftover: r.Leftover, CPULimit: r.CPULimit}
	if r.Err != nil {
		j.Err = r.Err.Error()
	}
	return json.NewEncoder(w).Encode(j)
}

func readReport(r io.Reader) Report {
	data, err := io.ReadAll(r)
	if err != nil {
		return Report{UID: -1, Err: fmt.Errorf("sandbox: read the launcher's report: %w", err)}
	}
	if len(data) == 0 {
		return Report{UID: -1, Err: errors.New("sandbox: the launcher ended without a report (killed, or the program was never started)")}
	}
	var j reportJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return Report{UID: -1, Err: fmt.Errorf("sandbox: the launcher's report %q: %w", data, err)}
	}
	rep := Report{Enforced: j.Enforced, UID: j.UID, Leftover: j.Leftover, CPULimit: j.CPULimit}
	if j.Err != "" {
		rep.Err = errors.New(j.Err)
	}
	return rep
}

func encodeSpec(s spec) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("sandbox: encode the launch: %w", err)
	}
	return string(b), nil
}

func decodeSpec(v string) (spec, error) {
	var s spec
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("sandbox: decode the launch: %w", err)
	}
	return s, nil
}
