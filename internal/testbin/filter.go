package testbin

import (
	"bufio"
	"errors"
	"io"
	"os"
)

// filter passes the binary's output on to test2json line by line. Framing
// lines (those test2json reads as events, marked with ^V) always pass, cut to
// a sane length; other output passes until limit bytes have, then is dropped.
// Past hard bytes in all, flood is closed so the run can be killed.
type filter struct {
	w       io.Writer
	limit   int
	hard    int
	total   int
	passed  int
	dropped bool
	flood   chan struct{}
}

const maxLine = 64 << 10

func (f *filter) copy(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	atStart := true
	var framing bool
	var lineLen int
	var werr error
	write := func(b []byte) {
		if werr == nil {
			_, werr = f.w.Write(b)
		}
	}
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			f.total += len(chunk)
			if f.flood != nil && f.total > f.hard {
				close(f.flood)
				f.flood = nil
			}
			if atStart {
				framing = chunk[0] == 0x16
				lineLen = 0
			}
			complete := chunk[len(chunk)-1] == '\n'
			switch {
			case framing:
				if lineLen < maxLine {
					write(chunk[:min(len(chunk), maxLine-lineLen)])
				}
				if complete && lineLen+len(chunk) > maxLine {
					write([]byte{'\n'})
				}
			case f.passed < f.limit:
				write(chunk)
				f.passed += len(chunk)
				if complete && f.passed >= f.limit {
					// nothing: the next line starts the drop
				} else if !complete && f.passed >= f.limit {
					write([]byte{'\n'})
				}
			default:
				if !f.dropped {
					f.dropped = true
					write([]byte("[checker: output past this point dropped]\n"))
				}
			}
			lineLen += len(chunk)
			atStart = complete
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			if !atStart {
				write([]byte{'\n'})
			}
			return werr
		}
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return werr
			}
			return err
		}
	}
}
