package checkkit

import (
	"bytes"
	"runtime"
	"strings"
	"time"
)

// blockedStates are goroutine states in which a goroutine waits for
// something else to happen (a channel, a lock, a pipe, a process); a
// goroutine running, runnable or sleeping may still make progress.
var blockedStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "select (no cases)": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
	"IO wait": true, "syscall": true,
}

// codeStuck reports whether every goroutine running the code under test
// (a frame of a package check/X other than the kit and the checks' own)
// waits for something, none of them starts a process, and there is at
// least one. It reads a dump of every goroutine.
func codeStuck() bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	found := false
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		head, body, _ := strings.Cut(string(g), "\n")
		if !strings.HasPrefix(head, "goroutine ") || !codeFrames(body) {
			continue
		}
		found = true
		state := head
		if i := strings.IndexByte(state, '['); i >= 0 {
			state = state[i+1:]
		}
		state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
		state = strings.TrimSuffix(state, "]")
		state = strings.TrimSuffix(state, " (durable)")
		if !blockedStates[state] {
			return false
		}
		if strings.Contains(body, "os/exec.(*Cmd).Start(") || strings.Contains(body, "os.StartProcess(") {
			return false
		}
	}
	return found
}

// codeFrames reports whether a goroutine's stack (or its creator) holds a
// function of the code under test: check/X.F where X is neither the kit
// nor a test package.
func codeFrames(stack string) bool {
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimPrefix(line, "created by ")
		rest, ok := strings.CutPrefix(line, "check/")
		if !ok {
			continue
		}
		pkg, _, ok := strings.Cut(rest, ".")
		if !ok || pkg == "checkkit" || strings.HasSuffix(pkg, "_test") || strings.Contains(pkg, "/") {
			continue
		}
		return true
	}
	return false
}

// Stuck waits until done is closed, and reports false, or until the code
// under test has been stuck for d (every one of its goroutines waiting on a
// channel, a lock, a pipe or a process, none running or sleeping), and
// reports true. It finds, in seconds and without synctest, the deadlocks a
// bubble cannot see, such as a sync.Mutex locked and never unlocked. Keep a
// checkkit.Within as well: a busy loop is never stuck.
func Stuck(d time.Duration, done <-chan struct{}) bool {
	poll := time.NewTicker(100 * time.Millisecond)
	defer poll.Stop()
	var since time.Time
	for {
		select {
		case <-done:
			return false
		case <-poll.C:
			switch {
			case !codeStuck():
				since = time.Time{}
			case since.IsZero():
				since = time.Now()
			case time.Since(since) >= d:
				return true
			}
		}
	}
}
