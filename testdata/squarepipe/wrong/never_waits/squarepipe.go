// Package squarepipe is a known-wrong answer to exercise-5: request reads the reply to the end but never calls cmd.Wait: every child stays behind as a zombie and its exit status is never seen.
package squarepipe

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Serve reads n from r and writes the squares 1*1 … n*n to w, one per line.
func Serve(r io.Reader, w io.Writer) error {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("negative n: %d", n)
	}
	bw := bufio.NewWriter(w)
	for i := 1; i <= n; i++ {
		fmt.Fprintln(bw, i*i)
	}
	return bw.Flush()
}

// Request runs cmd as a child process, sends it n and returns the squares
// it replies.
func Request(cmd *exec.Cmd, n int) ([]int, error) {
	if n < 0 {
		return nil, fmt.Errorf("negative n: %d", n)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdin, "%d\n", n)
	stdin.Close()

	squares := []int{}
	var bad error
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		v, err := strconv.Atoi(sc.Text())
		if err != nil {
			bad = fmt.Errorf("bad line %q from the child", sc.Text())
			cmd.Process.Kill()
			break
		}
		squares = append(squares, v)
	}
	if bad != nil {
		return nil, bad
	}
	if len(squares) != n {
		return nil, fmt.Errorf("got %d squares, want %d", len(squares), n)
	}
	return squares, nil
}
