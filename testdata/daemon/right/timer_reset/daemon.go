// Package daemon is a correct answer to exercise-6 in another style: one
// time.Timer, reset after each tick, with the goroutine's state in a struct.
package daemon

import (
	"context"
	"io"
	"time"
)

type beat struct {
	w     io.Writer
	line  []byte
	every time.Duration
	timer *time.Timer
}

func (b *beat) run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	defer b.timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.timer.C:
			if ctx.Err() != nil {
				return
			}
			b.w.Write(b.line)
			b.timer.Reset(b.every)
		}
	}
}

// Start writes msg+"\n" to w once per interval until ctx is done; the
// returned channel is closed once its goroutine has exited.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	done := make(chan struct{})
	b := &beat{w: w, line: []byte(msg + "\n"), every: every, timer: time.NewTimer(every)}
	go b.run(ctx, done)
	return done
}
