// Package daemon is a correct answer to exercise-6 in another style: the
// ticker kept in a struct field and stopped by a method.
package daemon

import (
	"context"
	"io"
	"time"
)

type daemon struct {
	ticker *time.Ticker
	done   chan struct{}
}

func (d *daemon) stop() {
	d.ticker.Stop()
	close(d.done)
}

// Start writes msg+"\n" to w once per interval until ctx is done; the
// returned channel is closed once its goroutine has exited.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	d := &daemon{done: make(chan struct{})}
	d.ticker = time.NewTicker(every)
	go func() {
		defer d.stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-d.ticker.C:
				select {
				case <-ctx.Done():
					return
				default:
				}
				io.WriteString(w, msg+"\n")
			}
		}
	}()
	return d.done
}
