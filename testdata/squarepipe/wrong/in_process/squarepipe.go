// Package squarepipe is a known-wrong answer to exercise-5: request calls Serve in its own process instead of starting the child: no separate process, no pipe between two programs.
package squarepipe

import (
	"bufio"
	"bytes"
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
	var out bytes.Buffer
	if err := Serve(strings.NewReader(strconv.Itoa(n)+"\n"), &out); err != nil {
		return nil, err
	}
	squares := []int{}
	for _, f := range strings.Fields(out.String()) {
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		squares = append(squares, v)
	}
	return squares, nil
}

// request is the first try, with a child process.
func request(cmd *exec.Cmd, n int) ([]int, error) {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
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
	if err := cmd.Wait(); err != nil && bad == nil {
		return nil, fmt.Errorf("child failed: %w: %s", err, stderr.String())
	}
	if bad != nil {
		return nil, bad
	}
	if len(squares) != n {
		return nil, fmt.Errorf("got %d squares, want %d", len(squares), n)
	}
	return squares, nil
}
