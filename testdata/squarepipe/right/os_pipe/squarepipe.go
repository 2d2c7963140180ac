// Package squarepipe is a right answer in another style: os.Pipe for both
// pipes, and the child killed when its reply goes wrong.
package squarepipe

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// Serve reads one line holding n and writes its squares.
func Serve(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		return fmt.Errorf("no input")
	}
	n, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
	if err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("negative n")
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for i := 1; i <= n; i++ {
		fmt.Fprintln(bw, i*i)
	}
	return nil
}

// Request runs the child over two os.Pipes.
func Request(cmd *exec.Cmd, n int) ([]int, error) {
	if n < 0 {
		return nil, fmt.Errorf("negative n %d", n)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	cmd.Stdin, cmd.Stdout = inR, outW
	err = cmd.Start()
	inR.Close() // the child has its own copies now
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, err
	}
	fmt.Fprintln(inW, n)
	inW.Close()
	defer outR.Close()

	var squares []int
	var bad error
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		v, err := strconv.Atoi(sc.Text())
		if err != nil {
			bad = fmt.Errorf("malformed line %q", sc.Text())
			cmd.Process.Kill()
			break
		}
		squares = append(squares, v)
	}
	if err := sc.Err(); err != nil && bad == nil {
		bad = fmt.Errorf("read reply: %w", err)
		cmd.Process.Kill() // it may be blocked writing the rest of the line
	}
	if err := cmd.Wait(); err != nil && bad == nil {
		return nil, fmt.Errorf("child: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if bad != nil {
		return nil, bad
	}
	if len(squares) != n {
		return nil, fmt.Errorf("short reply: %d of %d", len(squares), n)
	}
	if squares == nil {
		squares = []int{}
	}
	return squares, nil
}
