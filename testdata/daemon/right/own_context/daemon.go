// Package daemon, in another style: the goroutine works under a context of
// its own, derived from the caller's, and a helper does one tick's work.
package daemon

import (
	"context"
	"fmt"
	"io"
	"time"
)

func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer cancel()
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if !tick(ctx, w, msg) {
					return
				}
			}
		}
	}()
	return done
}

// tick writes msg unless ctx is done, and reports whether it did.
func tick(ctx context.Context, w io.Writer, msg string) bool {
	if ctx.Err() != nil {
		return false
	}
	fmt.Fprintln(w, msg)
	return true
}
