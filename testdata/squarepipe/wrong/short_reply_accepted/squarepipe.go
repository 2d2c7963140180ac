// Package squarepipe is a known-wrong answer to exercise-5: a parent and a
// child process talking over OS pipes.
package squarepipe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Serve is the child's side: it reads ONE line holding a decimal n (spaces
// around it are trimmed) and writes 1*1 … n*n, one per line ("1\n4\n9\n"),
// then returns nil. A malformed line or a negative n is an error, and then
// nothing is written.
func Serve(r io.Reader, w io.Writer) error {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return fmt.Errorf("read n: %w", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("read n: %q is not a whole number", strings.TrimSpace(line))
	}
	if n < 0 {
		return fmt.Errorf("read n: %d is negative", n)
	}
	bw := bufio.NewWriter(w)
	for i := 1; i <= n; i++ {
		bw.WriteString(strconv.Itoa(i*i) + "\n")
	}
	return bw.Flush()
}

// Request is the parent's side. cmd's program runs Serve on its stdin and
// stdout. Request starts it, sends "n\n" down a pipe to its stdin and closes
// it, reads the squares from a pipe on its stdout while the child runs,
// waits for the child and returns the squares.
//
// For n < 0 it returns an error and starts nothing. It always waits for a
// child it started, on every path. Its errors say what went wrong: the
// child could not start, the child's exit status (with what it wrote to
// stderr, when cmd.Stderr was nil), a malformed or short reply.
func Request(cmd *exec.Cmd, n int) ([]int, error) {
	if n < 0 {
		return nil, fmt.Errorf("request squares: n = %d is negative", n)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("request squares: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("request squares: %w", err)
	}
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("request squares: start child: %w", err)
	}
	fmt.Fprintf(stdin, "%d\n", n) // an early exit of the child shows in Wait
	stdin.Close()

	squares := make([]int, 0, n)
	var replyErr error
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		v, err := strconv.Atoi(sc.Text())
		if err != nil {
			replyErr = fmt.Errorf("request squares: malformed reply line %d: %q", len(squares)+1, sc.Text())
			break
		}
		squares = append(squares, v)
	}
	if replyErr == nil && sc.Err() != nil {
		replyErr = fmt.Errorf("request squares: read reply: %w", sc.Err())
	}
	io.Copy(io.Discard, stdout) // let the child finish writing, whatever happened

	if err := cmd.Wait(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("request squares: child failed: %w: %s", err, msg)
		}
		return nil, fmt.Errorf("request squares: child failed: %w", err)
	}
	if replyErr != nil {
		return nil, replyErr
	}
	if len(squares) > n {

		return nil, errors.New("request squares: short reply: " + strconv.Itoa(len(squares)) + " of " + strconv.Itoa(n) + " lines")
	}
	return squares, nil
}
