// Package squarepipe is a right answer in another style: cmd.Stdin is a
// reader (os/exec copies it into the child's stdin and closes it), and
// cmd.Output collects stdout while the child runs and then waits.
package squarepipe

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Serve reads one line holding n and writes its squares.
func Serve(r io.Reader, w io.Writer) error {
	var line []byte
	buf := make([]byte, 1)
	for {
		k, err := r.Read(buf)
		if k == 1 {
			if buf[0] == '\n' {
				break
			}
			line = append(line, buf[0])
		}
		if err == io.EOF && len(line) > 0 {
			break
		}
		if err != nil {
			return err
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(line)))
	if err != nil || n < 0 {
		return fmt.Errorf("bad n %q", line)
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d\n", i*i)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// Request runs the child with n on stdin and parses its output.
func Request(cmd *exec.Cmd, n int) ([]int, error) {
	if n < 0 {
		return nil, errors.New("negative n")
	}
	cmd.Stdin = strings.NewReader(strconv.Itoa(n) + "\n")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return nil, fmt.Errorf("child: %w: %s", err, ee.Stderr)
		}
		return nil, fmt.Errorf("child: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if n == 0 && len(out) == 0 {
		lines = nil
	}
	if len(lines) != n {
		return nil, fmt.Errorf("got %d lines, want %d", len(lines), n)
	}
	squares := make([]int, n)
	for i, l := range lines {
		v, err := strconv.Atoi(l)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		squares[i] = v
	}
	return squares, nil
}
