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
	go func() {
		defer close(done)
		next := time.Now().Add(every)
		for {
			select {
			case <-ctx.Done():
				return
			default:
				if !time.Now().Before(next) {
					io.WriteString(w, msg+"\n")
					next = next.Add(every)
				}
			}
		}
	}()
	return done
}
