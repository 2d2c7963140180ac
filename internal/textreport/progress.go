package textreport

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress is the one line a terminal shows while checks run longer than a
// moment: what is being done, how many checks are done of how many, and
// for how long. It is redrawn in place and cleared before the report.
// Use it on a terminal only.
type Progress struct {
	w     io.Writer
	mu    sync.Mutex
	phase string
	done  int
	total int
	start time.Time
	shown bool
	stop  chan struct{}
	ended chan struct{}
}

// progressDelay is how long a run goes before its progress line appears.
const progressDelay = 700 * time.Millisecond

// StartProgress starts the line for a run of total checks, phase saying
// what is being done ("checking exercise-3 resource").
func StartProgress(w io.Writer, phase string, total int) *Progress {
	p := &Progress{w: w, phase: phase, total: total, start: time.Now(), stop: make(chan struct{}), ended: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Progress) loop() {
	defer close(p.ended)
	first := time.NewTimer(progressDelay)
	defer first.Stop()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	ready := false
	for {
		select {
		case <-p.stop:
			return
		case <-first.C:
			ready = true
			p.draw()
		case <-tick.C:
			if ready {
				p.draw()
			}
		}
	}
}

// draw writes the line in place.
func (p *Progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("%s: %d of %d checks done, %ds", p.phase, p.done, p.total, int(time.Since(p.start).Seconds()))
	fmt.Fprintf(p.w, "\r\x1b[K%s", fit(line, Width))
	p.shown = true
}

// Phase says what is being done now.
func (p *Progress) Phase(phase string) {
	p.mu.Lock()
	p.phase = phase
	p.mu.Unlock()
}

// Step counts one more check done.
func (p *Progress) Step() {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
}

// Stop clears the line; the report follows.
func (p *Progress) Stop() {
	close(p.stop)
	<-p.ended
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
