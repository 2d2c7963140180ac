// Package daemon is a correct answer to exercise-6 in another style: a fresh
// time.After each round instead of a ticker.
package daemon

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Start writes msg+"\n" to w once per interval until ctx is done; the
// returned channel is closed once its goroutine has exited.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(every):
			}
			if ctx.Err() != nil {
				return
			}
			fmt.Fprintln(w, msg)
		}
	}()
	return done
}
