package testbin

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// resultLines is what a test binary wrote on its results descriptor.
type resultLines struct {
	lines []string
	err   error
}

// maxResultLines bounds how much of the results descriptor is read.
const maxResultLines = 1 << 16

// readResults reads the results descriptor to its end.
func readResults(r io.Reader) resultLines {
	var out resultLines
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		if len(out.lines) == maxResultLines {
			out.err = fmt.Errorf("more than %d lines", maxResultLines)
			io.Copy(io.Discard, r)
			break
		}
		out.lines = append(out.lines, sc.Text())
	}
	if out.err == nil {
		out.err = sc.Err()
	}
	return out
}

// tally counts the results of tests (run count times each), and says how
// the channel was tampered with, if a line is not the kit's: it does not
// parse, names a test not asked for, or is one result too many.
func (rl resultLines) tally(tests []string, count int) (map[string]*Tally, string) {
	asked := map[string]bool{}
	for _, t := range tests {
		asked[t] = true
	}
	out := map[string]*Tally{}
	bad := ""
	if rl.err != nil {
		bad = "the results could not be read: " + rl.err.Error()
	}
	for _, line := range rl.lines {
		status, name, ok := strings.Cut(line, " ")
		if !ok || !asked[name] {
			if bad == "" {
				bad = fmt.Sprintf("a line that is not a result of the check's tests: %.80q", line)
			}
			continue
		}
		t := out[name]
		if t == nil {
			t = &Tally{}
			out[name] = t
		}
		switch status {
		case "pass":
			t.Pass++
		case "fail":
			t.Fail++
		case "skip":
			t.Skip++
		default:
			if bad == "" {
				bad = fmt.Sprintf("a line that is not a result of the check's tests: %.80q", line)
			}
		}
		if t.Pass+t.Fail+t.Skip > count && bad == "" {
			bad = fmt.Sprintf("more results for %s than it ran", name)
		}
	}
	return out, bad
}
