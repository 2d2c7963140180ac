// Package daemon is a known-wrong answer to exercise-6 (see want.txt).
package daemon

import (
	"context"
	"io"
	"time"
)

// Start is the answer under test.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	done := make(chan struct{})
	stop := make(chan struct{})
	go func() {
		<-stop // meant to be closed on the way out, but never is
	}()
	go func() {
		defer close(done)
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				io.WriteString(w, msg+"\n")
			}
		}
	}()
	return done
}
