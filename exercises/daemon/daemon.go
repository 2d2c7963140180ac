// Package daemon is exercise-6: background work that ends with the work that
// needs it.
//
// # What the notebook did
//
// "Daemon Threads": a thread loops forever, printing a message every second,
// and the program does not wait for it:
//
//	def daemon_task(*args):
//	    while True:
//	        print(args[0])
//	        time.sleep(1)
//
//	t1 = threading.Thread(target=daemon_task, daemon=True, args=['This is daemon'])
//	t1.start()
//
// "The above created a neverending While loop, UNTIL we set daemon=true.
// When set to true, the daemon will stop when the file stops entirely."
// Python waits for every ordinary thread before it exits; a daemon thread
// is the one it does not wait for, killed when the rest is done.
//
// # What Go does differently
//
//   - Every goroutine is a "daemon": when main returns, the program ends and
//     every goroutine dies with it, finished or not. There is no flag to set.
//   - So the lesson turns around. A long-lived program (a server, a test, a
//     library) never "ends the file", and a background goroutine that nobody
//     stops runs, and holds memory, forever: a goroutine leak. Background
//     work in Go is stopped on purpose, by whoever needs it, and that is what
//     context.Context is for: the caller cancels the context, the goroutine
//     sees ctx.Done() close and returns.
//   - "Every second" is a time.Ticker (time.NewTicker(every)), not a sleep in
//     a loop: a goroutine can wait for the next tick AND for cancellation in
//     one select, so it stops at once instead of after its nap.
//   - Stop the ticker when the goroutine is done with it (defer
//     ticker.Stop()). Since Go 1.23 a ticker that nothing refers to any
//     more is collected even unstopped, so this is not about a leak. Stop
//     ends the ticks there and then and frees the runtime's timer at once,
//     and it says plainly in the code that this ticker's work is over. With
//     a select on ctx.Done() deciding when the loop ends, it is hygiene and
//     clarity; this exercise asks for it. time.Tick, which gives you only
//     the channel, makes a ticker that can never be stopped: do not use it
//     here.
//   - The caller often needs to know that the goroutine has really finished
//     (so that nothing writes to w any more): give it a channel that you
//     close when the goroutine exits, the join of exercise-1.
//   - A loop that polls (select with a default case, checking the time over
//     and over) keeps a CPU busy doing nothing: block in select instead.
//
// # Your task
//
// Write Start below. Replace the panic with your code; keep the signature as
// it is (the checks call it). Once ctx is done, Start's goroutine stops
// its ticker, writes nothing more, returns, and closes the channel that
// Start returned.
//
// Check your work with `go run ./checker exercise-6`. Stuck? `go run
// ./checker hint exercise-6` reveals one hint at a time.
package daemon

import (
	"context"
	"io"
	"time"
)

// Start starts a background goroutine that writes msg+"\n" to w once every
// interval `every`, the first time one interval after Start, until ctx is
// done. Start returns at once. The returned channel is closed once the
// goroutine has exited; after that nothing more is written to w.
//
// A ctx that is already done when Start is called writes nothing.
func Start(ctx context.Context, w io.Writer, msg string, every time.Duration) <-chan struct{} {
	panic("exercise-6: write Start")
}
