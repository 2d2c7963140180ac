// Package daemon is the reference answer to exercise-6: background work that
// ends with the work that needs it.
package daemon

import (
	"context"
	"io"
	"time"
)

// Start starts a background goroutine that writes msg+"\n" to w once every
// interval, the first time one interval after Start, until ctx is done. The
// returned channel is closed once the goroutine has exited.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	done := make(chan struct{})
	line := []byte(msg + "\n")
	go func() {
		defer close(done)
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if ctx.Err() != nil {
					return // cancelled at the same instant: do not write
				}
				w.Write(line)
			}
		}
	}()
	return done
}
