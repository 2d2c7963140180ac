package testbin

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
)

// filter passes the binary's output on to test2json line by line. Framing
// lines (those the testing package marks with ^V for test2json) always
// pass, cut to a sane length; other output passes until limit bytes have,
// then is dropped, with one line saying so. Past hard bytes in all, flood
// is closed so the run can be killed.
//
// The code under check shares the stream, so the filter keeps it from
// passing for the testing package: a ^V in the middle of a line starts a
// line of its own (as test2json reads it), and an unmarked line that looks
// like framing ("=== RUN", "--- PASS", "PASS", "ok  \t…"), which test2json
// would take for framing before the first marked line, gets a space in
// front. (A marked line the code prints itself still passes for framing:
// the verdicts do not rest on these events, but on the results the test
// binary reports on a channel of its own; see results.go.)
type filter struct {
	w       io.Writer
	limit   int
	hard    int
	total   int
	passed  int
	dropped bool
	flood   chan struct{}

	atStart bool // the next byte starts a line
	framing bool // the line being passed is framing
	inLine  int  // bytes of the current line read so far
	open    bool // bytes of the current line were written, its newline not yet
	werr    error
}

// maxLine is the longest framing line passed on.
const maxLine = 64 << 10

// framingLike are the starts of unmarked lines that test2json could read
// as framing.
var framingLike = [][]byte{[]byte("=== "), []byte("--- "), []byte("PASS"), []byte("FAIL"), []byte("ok  \t"), []byte("ok \t"), []byte("?   \t"), []byte("SKIP")}

func (f *filter) write(b []byte) {
	if len(b) == 0 {
		return
	}
	f.open = b[len(b)-1] != '\n'
	if f.werr == nil {
		_, f.werr = f.w.Write(b)
	}
}

// copy passes r on until EOF or an error.
func (f *filter) copy(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	f.atStart = true
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			f.total += len(chunk)
			if f.flood != nil && f.total > f.hard {
				close(f.flood)
				f.flood = nil
			}
			f.chunk(chunk)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			f.endLine()
			return f.werr
		}
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return f.werr
			}
			return err
		}
	}
}

// chunk passes one piece of a line (or a whole line, with its newline).
func (f *filter) chunk(b []byte) {
	for len(b) > 0 {
		// A ^V after the start of a line starts a new line.
		from := 0
		if f.atStart {
			from = 1
		}
		if i := bytes.IndexByte(b[from:], 0x16); i >= 0 {
			f.piece(b[:from+i])
			f.endLine()
			b = b[from+i:]
			continue
		}
		f.piece(b)
		return
	}
}

// piece passes bytes of one line, none a ^V but maybe the first.
func (f *filter) piece(b []byte) {
	if len(b) == 0 {
		return
	}
	if f.atStart {
		f.atStart, f.inLine = false, 0
		f.framing = b[0] == 0x16
		if !f.framing && f.passed < f.limit {
			for _, p := range framingLike {
				if bytes.HasPrefix(b, p) {
					f.write([]byte{' '})
					break
				}
			}
		}
	}
	complete := b[len(b)-1] == '\n'
	switch {
	case f.framing:
		if f.inLine < maxLine {
			f.write(b[:min(len(b), maxLine-f.inLine)])
		}
		if complete && f.open {
			f.write([]byte{'\n'})
		}
	case f.passed < f.limit:
		f.write(b)
		f.passed += len(b)
		if f.open && f.passed >= f.limit {
			f.write([]byte{'\n'}) // the rest of this line is dropped
		}
	case f.open:
		f.write([]byte{'\n'})
		fallthrough
	default:
		if !f.dropped {
			f.dropped = true
			f.write([]byte("[checker: output past this point dropped]\n"))
		}
	}
	f.inLine += len(b)
	if complete {
		f.atStart = true
	}
}

// endLine ends a line that has no newline yet (at a mid-line ^V, or at the
// end of the stream), if its bytes were passed on.
func (f *filter) endLine() {
	if f.open {
		f.write([]byte{'\n'})
	}
	f.atStart = true
}
