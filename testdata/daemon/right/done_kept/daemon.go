// Package daemon, in another style: the goroutine keeps ctx's Done channel
// and waits on it, and the last look before a write is a select with a
// default case.
package daemon

import (
	"context"
	"io"
	"time"
)

func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	done := make(chan struct{})
	stop := ctx.Done()
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			select {
			case <-stop:
				return
			default:
				io.WriteString(w, msg+"\n")
			}
		}
	}()
	return done
}
