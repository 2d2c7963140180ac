// Package daemon is a correct answer to exercise-6 in the notebook's style:
// sleep one interval, then look at ctx. It stops within one interval of
// cancel, which the exercise allows (a select stops at once).
package daemon

import (
	"context"
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
			time.Sleep(every)
			if ctx.Err() != nil {
				return
			}
			io.WriteString(w, msg+"\n")
		}
	}()
	return done
}
