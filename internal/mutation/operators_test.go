package mutation

import (
	"strings"
	"testing"
)

// want is one expected mutant: its ID, its description and the lines it
// changes (Diff: the original's lines, then the mutant's).
type want struct {
	id, desc, diff string
}

// operatorCases run one operator on a small source each (srcs_test.go) and
// list every mutant it must make, in order.
var operatorCases = []struct {
	op   string
	src  string
	want []want
}{
	{"drop-lock", lockSrc, []want{
		{"drop-lock@p.go:11#1", "Inc does not call c.mu.Lock()",
			`- 	c.mu.Lock()
`},
		{"drop-lock@p.go:19#2", "Get does not call c.mu.Lock()",
			`- 	c.mu.Lock()
`},
	}},
	{"drop-lock", rwSrc, []want{
		{"drop-lock@p.go:11#1", "Set does not call c.mu.Lock()",
			`- 	c.mu.Lock()
`},
		{"drop-lock@p.go:17#2", "Get does not call c.mu.RLock()",
			`- 	c.mu.RLock()
`},
	}},
	{"drop-unlock", lockSrc, []want{
		{"drop-unlock@p.go:14#1", "Inc never unlocks c.mu (c.mu.Unlock() dropped)",
			`- 	c.mu.Unlock()
`},
		{"drop-unlock@p.go:20#2", "Get never unlocks c.mu (defer c.mu.Unlock() dropped)",
			`- 	defer c.mu.Unlock()
`},
	}},
	{"drop-unlock", rwSrc, []want{
		{"drop-unlock@p.go:13#1", "Set never unlocks c.mu (c.mu.Unlock() dropped)",
			`- 	c.mu.Unlock()
`},
		{"drop-unlock@p.go:18#2", "Get never unlocks c.mu (defer c.mu.RUnlock() dropped)",
			`- 	defer c.mu.RUnlock()
`},
	}},
	{"drop-lock-unlock", lockSrc, []want{
		{"drop-lock-unlock@p.go:11#1", "Inc takes no lock: c.mu.Lock() and its Unlock() dropped",
			`- 	c.mu.Lock()
- 	c.n++
- 	v := c.n
- 	c.mu.Unlock()
+ 	c.n++
+ 	v := c.n
`},
		{"drop-lock-unlock@p.go:19#2", "Get takes no lock: c.mu.Lock() and its Unlock() dropped",
			`- 	c.mu.Lock()
- 	defer c.mu.Unlock()
`},
	}},
	{"drop-lock-unlock", rwSrc, []want{
		{"drop-lock-unlock@p.go:11#1", "Set takes no lock: c.mu.Lock() and its Unlock() dropped",
			`- 	c.mu.Lock()
- 	c.n = v
- 	c.mu.Unlock()
+ 	c.n = v
`},
		{"drop-lock-unlock@p.go:17#2", "Get takes no lock: c.mu.RLock() and its RUnlock() dropped",
			`- 	c.mu.RLock()
- 	defer c.mu.RUnlock()
`},
	}},
	// The mutex only the pair used goes too.
	{"drop-lock-unlock", localLockSrc, []want{
		{"drop-lock-unlock@p.go:13#1", "All's goroutine takes no lock: mu.Lock() and its Unlock() dropped",
			`- 	var mu sync.Mutex
- 	var wg sync.WaitGroup
- 	for _, l := range lines {
- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
+ 	var wg sync.WaitGroup
+ 	for _, l := range lines {
+ 		wg.Go(func() {
+ 			w.Write(l)
`},
	}},
	{"undefer-unlock", lockSrc, []want{
		{"undefer-unlock@p.go:20#1", "Get calls c.mu.Unlock() at once instead of deferring it",
			`- 	defer c.mu.Unlock()
+ 	c.mu.Unlock()
`},
	}},
	{"undefer-unlock", rwSrc, []want{
		{"undefer-unlock@p.go:18#1", "Get calls c.mu.RUnlock() at once instead of deferring it",
			`- 	defer c.mu.RUnlock()
+ 	c.mu.RUnlock()
`},
	}},
	{"early-return-holding-lock", lockSrc, []want{
		{"early-return-holding-lock@p.go:11#1", "Inc returns without Unlock when c.n is 0",
			`+ 	if c.n == 0 {
+ 		return 0
+ 	}
`},
		{"early-return-holding-lock@p.go:19#2", "Get returns without Unlock when c.n is 0",
			`+ 	if c.n == 0 {
+ 		return 0
+ 	}
`},
	}},
	{"early-return-holding-lock", rwSrc, []want{
		{"early-return-holding-lock@p.go:11#1", "Set returns without Unlock when c.n is 0",
			`+ 	if c.n == 0 {
+ 		return
+ 	}
`},
		{"early-return-holding-lock@p.go:17#2", "Get returns without RUnlock when c.n is 0",
			`+ 	if c.n == 0 {
+ 		return 0
+ 	}
`},
	}},
	{"unlock-before-write", lockSrc, []want{
		{"unlock-before-write@p.go:14#1", "Inc unlocks c.mu before c.n++",
			`- 	c.n++
- 	v := c.n
- 	c.mu.Unlock()
+ 	c.mu.Unlock()
+ 	c.n++
+ 	v := c.n
`},
		{"unlock-before-write@p.go:14#2", "Inc unlocks c.mu before v := c.n",
			`- 	v := c.n
- 	c.mu.Unlock()
+ 	c.mu.Unlock()
+ 	v := c.n
`},
	}},
	{"unlock-before-write", rwSrc, []want{
		{"unlock-before-write@p.go:13#1", "Set unlocks c.mu before c.n = v",
			`- 	c.n = v
- 	c.mu.Unlock()
+ 	c.mu.Unlock()
+ 	c.n = v
`},
	}},
	{"lock-late", lockSrc, []want{
		{"lock-late@p.go:11#1", "Inc locks c.mu only after c.n++",
			`- 	c.mu.Lock()
- 	c.n++
+ 	c.n++
+ 	c.mu.Lock()
`},
		{"lock-late@p.go:11#2", "Inc locks c.mu only after v := c.n",
			`- 	c.mu.Lock()
- 	c.n++
- 	v := c.n
+ 	c.n++
+ 	v := c.n
+ 	c.mu.Lock()
`},
	}},
	{"lock-late", rwSrc, []want{
		{"lock-late@p.go:11#1", "Set locks c.mu only after c.n = v",
			`- 	c.mu.Lock()
- 	c.n = v
+ 	c.n = v
+ 	c.mu.Lock()
`},
	}},
	{"rlock-for-write", lockSrc, []want{
		{"rlock-for-write@p.go:11#1", "c.mu is a sync.RWMutex and Inc takes only its read lock (RLock) where it writes",
			`- 	mu sync.Mutex
- 	n  int
- }
- 
- func (c *C) Inc() int {
- 	c.mu.Lock()
- 	c.n++
- 	v := c.n
- 	c.mu.Unlock()
+ 	mu sync.RWMutex
+ 	n  int
+ }
+ 
+ func (c *C) Inc() int {
+ 	c.mu.RLock()
+ 	c.n++
+ 	v := c.n
+ 	c.mu.RUnlock()
`},
	}},
	{"rlock-for-write", rwSrc, []want{
		{"rlock-for-write@p.go:11#1", "Set takes only a read lock (c.mu.RLock()) where it writes",
			`- 	c.mu.Lock()
- 	c.n = v
- 	c.mu.Unlock()
+ 	c.mu.RLock()
+ 	c.n = v
+ 	c.mu.RUnlock()
`},
	}},
	{"local-mutex", lockSrc, []want{
		{"local-mutex@p.go:11#1", "Inc locks a mutex of its own instead of the shared c.mu, so it excludes nobody",
			`- 	c.mu.Lock()
- 	c.n++
- 	v := c.n
- 	c.mu.Unlock()
+ 	var mu sync.Mutex
+ 	mu.Lock()
+ 	c.n++
+ 	v := c.n
+ 	mu.Unlock()
`},
		{"local-mutex@p.go:19#2", "Get locks a mutex of its own instead of the shared c.mu, so it excludes nobody",
			`- 	c.mu.Lock()
- 	defer c.mu.Unlock()
+ 	var mu sync.Mutex
+ 	mu.Lock()
+ 	defer mu.Unlock()
`},
	}},
	{"local-mutex", rwSrc, []want{
		{"local-mutex@p.go:11#1", "Set locks a mutex of its own instead of the shared c.mu, so it excludes nobody",
			`- 	c.mu.Lock()
- 	c.n = v
- 	c.mu.Unlock()
+ 	var mu sync.RWMutex
+ 	mu.Lock()
+ 	c.n = v
+ 	mu.Unlock()
`},
		{"local-mutex@p.go:17#2", "Get locks a mutex of its own instead of the shared c.mu, so it excludes nobody",
			`- 	c.mu.RLock()
- 	defer c.mu.RUnlock()
+ 	var mu sync.RWMutex
+ 	mu.RLock()
+ 	defer mu.RUnlock()
`},
	}},
	{"reread-after-unlock", lockSrc, []want{
		{"reread-after-unlock@p.go:15#1", "Inc reads c.n again after Unlock() instead of using v",
			`- 	v := c.n
- 	c.mu.Unlock()
- 	return v
+ 	c.mu.Unlock()
+ 	return c.n
`},
	}},
	{"value-receiver", lockSrc, []want{
		{"value-receiver@p.go:10#1", "Inc has a value receiver (C): it works on a copy of the C",
			`- func (c *C) Inc() int {
+ func (c C) Inc() int {
`},
		{"value-receiver@p.go:18#2", "Get has a value receiver (C): it works on a copy of the C",
			`- func (c *C) Get() int {
+ func (c C) Get() int {
`},
	}},
	{"value-receiver", rwSrc, []want{
		{"value-receiver@p.go:10#1", "Set has a value receiver (C): it works on a copy of the C",
			`- func (c *C) Set(v int) {
+ func (c C) Set(v int) {
`},
		{"value-receiver@p.go:16#2", "Get has a value receiver (C): it works on a copy of the C",
			`- func (c *C) Get() int {
+ func (c C) Get() int {
`},
	}},
	{"split-write", writeSrc, []want{
		{"split-write@p.go:11#1", "Report writes its line in two Write calls (\"%s\", then \" has %d\\n\"), so concurrent lines can interleave",
			`- 	fmt.Fprintf(w, "%s has %d\n", name, n)
+ 	fmt.Fprintf(w, "%s", name)
+ 	fmt.Fprintf(w, " has %d\n", n)
`},
		{"split-write@p.go:11#2", "Report writes its line in two Write calls (\"%s has %d\", then \"\\n\"), so concurrent lines can interleave",
			`- 	fmt.Fprintf(w, "%s has %d\n", name, n)
+ 	fmt.Fprintf(w, "%s has %d", name, n)
+ 	fmt.Fprintf(w, "\n")
`},
	}},
	{"split-write", procSrc, []want{
		{"split-write@p.go:25#1", "Ask writes its line in two Write calls (\"%d\", then \"\\n\"), so concurrent lines can interleave",
			`- 	fmt.Fprintf(stdin, "%d\n", n)
+ 	fmt.Fprintf(stdin, "%d", n)
+ 	fmt.Fprintf(stdin, "\n")
`},
	}},
	{"drop-sleep", writeSrc, []want{
		{"drop-sleep@p.go:10#1", "Report does not pause (time.Sleep(pause) dropped)",
			`- 	time.Sleep(pause)
`},
	}},
	{"drop-go", localLockSrc, []want{
		{"drop-go@p.go:12#1", "All runs the function it gave wg.Go itself, one after another",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		func() {
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"drop-go", wgSrc, []want{
		{"drop-go@p.go:9#1", "Run runs its goroutine's body itself instead of on a new goroutine (go dropped)",
			`- 		go func() {
+ 		func() {
`},
	}},
	{"go-instead-of-wg-go", localLockSrc, []want{
		{"go-instead-of-wg-go@p.go:12#1", "All starts the goroutine with go instead of wg.Go, so wg.Wait does not wait for it",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		go func() {
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"go-instead-of-wg-go", wgGoSrc, []want{
		{"go-instead-of-wg-go@p.go:8#1", "Run starts the goroutine with go instead of wg.Go, so wg.Wait does not wait for it",
			`- 		wg.Go(func() { f() })
+ 		go func() { f() }()
`},
	}},
	{"drop-wg-add", localLockSrc, []want{
		{"drop-wg-add@p.go:12#1", "All starts a goroutine that calls wg.Done() with no wg.Add(1) for it",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		go func() {
+ 			defer wg.Done()
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"drop-wg-add", wgSrc, []want{
		{"drop-wg-add@p.go:8#1", "Run does not call wg.Add(1)",
			`- 		wg.Add(1)
`},
	}},
	{"drop-wg-done", localLockSrc, []want{
		{"drop-wg-done@p.go:12#1", "All calls wg.Add(1) for a goroutine that never calls Done",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		wg.Add(1)
+ 		go func() {
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"drop-wg-done", wgSrc, []want{
		{"drop-wg-done@p.go:10#1", "Run's goroutine never calls Done (defer wg.Done() dropped)",
			`- 			defer wg.Done()
`},
	}},
	{"add-in-goroutine", localLockSrc, []want{
		{"add-in-goroutine@p.go:12#1", "All calls wg.Add(1) inside the goroutine, which may run after wg.Wait",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		go func() {
+ 			wg.Add(1)
+ 			defer wg.Done()
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"add-in-goroutine", wgSrc, []want{
		{"add-in-goroutine@p.go:8#1", "Run calls wg.Add(1) inside the goroutine, which may run after Wait",
			`- 		wg.Add(1)
- 		go func() {
+ 		go func() {
+ 			wg.Add(1)
+ 
`},
	}},
	{"add-after-go", localLockSrc, []want{
		{"add-after-go@p.go:12#1", "All calls wg.Add(1) only after starting the goroutine",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		go func() {
+ 			defer wg.Done()
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
+ 		wg.Add(1)
`},
	}},
	{"add-after-go", wgSrc, []want{
		{"add-after-go@p.go:8#1", "Run calls wg.Add(1) only after starting the goroutine",
			`- 		wg.Add(1)
- 		go func() {
- 			defer wg.Done()
- 			f()
- 		}()
+ 		go func() {
+ 			defer wg.Done()
+ 			f()
+ 		}()
+ 		wg.Add(1)
`},
	}},
	{"add-once", localLockSrc, []want{
		{"add-once@p.go:12#1", "All calls wg.Add(1) once before the loop, not once per goroutine",
			`- 	for _, l := range lines {
- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 	wg.Add(1)
+ 	for _, l := range lines {
+ 		go func() {
+ 			defer wg.Done()
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"add-once", wgSrc, []want{
		{"add-once@p.go:8#1", "Run calls wg.Add(1) once before the loop, not once per goroutine",
			`- 	for _, f := range fs {
- 		wg.Add(1)
+ 	wg.Add(1)
+ 	for _, f := range fs {
`},
	}},
	{"one-goroutine", localLockSrc, []want{
		{"one-goroutine@p.go:11#1", "All starts one goroutine that runs the whole loop, so the work runs one after another",
			`- 	for _, l := range lines {
- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
- 	}
+ 	wg.Go(func() {
+ 		for _, l := range lines {
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}
+ 	})
`},
	}},
	{"one-goroutine", wgGoSrc, []want{
		{"one-goroutine@p.go:7#1", "Run starts one goroutine that runs the whole loop, so the work runs one after another",
			`- 	for _, f := range fs {
- 		wg.Go(func() { f() })
- 	}
+ 	wg.Go(func() {
+ 		for _, f := range fs {
+ 			f()
+ 		}
+ 	})
`},
	}},
	{"undefer", localLockSrc, []want{
		{"undefer@p.go:12#1", "All's goroutine calls wg.Done() first, before its work",
			`- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
+ 		wg.Add(1)
+ 		go func() {
+ 			wg.Done()
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		}()
`},
	}},
	{"undefer", wgSrc, []want{
		{"undefer@p.go:10#1", "Run's goroutine calls wg.Done() at once instead of when it returns",
			`- 			defer wg.Done()
+ 			wg.Done()
`},
	}},
	{"defer-in-caller", wgSrc, []want{
		{"defer-in-caller@p.go:10#1", "Run defers wg.Done() in itself, so it runs when Run returns, not when the goroutine ends",
			`- 		go func() {
- 			defer wg.Done()
+ 		defer wg.Done()
+ 		go func() {
`},
	}},
	{"defer-in-caller", doneSrc, []want{
		{"defer-in-caller@p.go:6#1", "Start defers close(done) in itself, so it runs when Start returns, not when the goroutine ends",
			`- 	go func() {
- 		defer close(done)
+ 	defer close(done)
+ 	go func() {
`},
	}},
	{"drop-wait", localLockSrc, []want{
		{"drop-wait@p.go:18#1", "All does not wait: wg.Wait() dropped",
			`- 	wg.Wait()
`},
	}},
	{"drop-wait", wgSrc, []want{
		{"drop-wait@p.go:14#1", "Run does not wait: wg.Wait() dropped",
			`- 	wg.Wait()
`},
	}},
	{"wait-in-loop", localLockSrc, []want{
		{"wait-in-loop@p.go:18#1", "All waits (wg.Wait()) inside the loop that starts the work, so one runs at a time",
			`- 	}
- 	wg.Wait()
+ 		wg.Wait()
+ 	}
`},
	}},
	{"wait-in-loop", wgSrc, []want{
		{"wait-in-loop@p.go:14#1", "Run waits (wg.Wait()) inside the loop that starts the work, so one runs at a time",
			`- 	}
- 	wg.Wait()
+ 		wg.Wait()
+ 	}
`},
	}},
	// Two loops over the same items, one starting, one waiting, become one.
	{"wait-in-loop", procLoopSrc, []want{
		{"wait-in-loop@p.go:12#1", "RunAll waits inside the loop that starts the work (its two loops over cmds become one), so one runs at a time",
			`- 	for _, c := range cmds {
- 		if err := c.Start(); err != nil {
- 			return err
- 		}
- 	}
- 	var first error
- 	for _, c := range cmds {
+ 	var first error
+ 	for _, c := range cmds {
+ 		if err := c.Start(); err != nil {
+ 			return err
+ 		}
`},
	}},
	{"wait-early", localLockSrc, []want{
		{"wait-early@p.go:18#1", "All waits (wg.Wait()) before for _, l := range lines { …",
			`- 	for _, l := range lines {
- 		wg.Go(func() {
- 			mu.Lock()
- 			w.Write(l)
- 			mu.Unlock()
- 		})
- 	}
- 	wg.Wait()
+ 	wg.Wait()
+ 	for _, l := range lines {
+ 		wg.Go(func() {
+ 			mu.Lock()
+ 			w.Write(l)
+ 			mu.Unlock()
+ 		})
+ 	}
`},
	}},
	{"wait-early", wgSrc, []want{
		{"wait-early@p.go:14#1", "Run waits (wg.Wait()) before for _, f := range fs { …",
			`- 	for _, f := range fs {
- 		wg.Add(1)
- 		go func() {
- 			defer wg.Done()
- 			f()
- 		}()
- 	}
- 	wg.Wait()
+ 	wg.Wait()
+ 	for _, f := range fs {
+ 		wg.Add(1)
+ 		go func() {
+ 			defer wg.Done()
+ 			f()
+ 		}()
+ 	}
`},
	}},
	{"async-wait", localLockSrc, []want{
		{"async-wait@p.go:18#1", "All waits on a goroutine of its own (go wg.Wait()), so it does not wait",
			`- 	wg.Wait()
+ 	go wg.Wait()
`},
	}},
	{"async-wait", wgSrc, []want{
		{"async-wait@p.go:14#1", "Run waits on a goroutine of its own (go wg.Wait()), so it does not wait",
			`- 	wg.Wait()
+ 	go wg.Wait()
`},
	}},
	{"return-before-wait", procSrc, []want{
		{"return-before-wait@p.go:36#1", "Ask may return (if len(lines) != n { …) before it waits (io.Copy(io.Discard, stdout))",
			`- 	io.Copy(io.Discard, stdout)
- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
- 	if len(lines) != n {
- 		return nil, fmt.Errorf("short")
+ 	if len(lines) != n {
+ 		return nil, fmt.Errorf("short")
+ 	}
+ 	io.Copy(io.Discard, stdout)
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
`},
		{"return-before-wait@p.go:36#2", "Ask may return (if len(lines) != n { …) before it waits (if err := cmd.Wait(); err != nil { …)",
			`- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
- 	if len(lines) != n {
- 		return nil, fmt.Errorf("short")
+ 	if len(lines) != n {
+ 		return nil, fmt.Errorf("short")
+ 	}
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
`},
	}},
	{"drop-wait-on-error-path", errPathSrc, []want{
		{"drop-wait-on-error-path@p.go:17#1", "Run returns on an error without io.Copy(io.Discard, out)",
			`- 		io.Copy(io.Discard, out)
`},
		{"drop-wait-on-error-path@p.go:18#2", "Run returns on an error without cmd.Wait()",
			`- 		cmd.Wait()
`},
	}},
	{"drop-drain", procSrc, []want{
		{"drop-drain@p.go:32#1", "Ask does not read stdout to its end before waiting",
			`- 	io.Copy(io.Discard, stdout)
`},
	}},
	{"drop-drain", errPathSrc, []want{
		{"drop-drain@p.go:17#1", "Run does not read out to its end before waiting",
			`- 		io.Copy(io.Discard, out)
`},
	}},
	{"drop-close", doneSrc, []want{
		{"drop-close@p.go:6#1", "Start's goroutine never closes done",
			`- 		defer close(done)
`},
	}},
	{"drop-close", pairSrc, []want{
		{"drop-close@p.go:6#1", "Pair's goroutine never closes done",
			`- 		defer close(done)
`},
	}},
	{"close-on-one-path", tickSrc, []want{
		{"close-on-one-path@p.go:17#1", "Tick's goroutine closes done only on the path of the return on line 17, not on every path",
			`- 		defer close(done)
- 		t := time.NewTicker(every)
- 		defer t.Stop()
- 		for {
- 			select {
- 			case <-ctx.Done():
+ 		t := time.NewTicker(every)
+ 		defer t.Stop()
+ 		for {
+ 			select {
+ 			case <-ctx.Done():
+ 				close(done)
`},
		{"close-on-one-path@p.go:20#2", "Tick's goroutine closes done only on the path of the return on line 20, not on every path",
			`- 		defer close(done)
- 		t := time.NewTicker(every)
- 		defer t.Stop()
- 		for {
- 			select {
- 			case <-ctx.Done():
- 				return
- 			case <-t.C:
- 				if ctx.Err() != nil {
+ 		t := time.NewTicker(every)
+ 		defer t.Stop()
+ 		for {
+ 			select {
+ 			case <-ctx.Done():
+ 				return
+ 			case <-t.C:
+ 				if ctx.Err() != nil {
+ 					close(done)
`},
	}},
	{"send-for-close", doneSrc, []want{
		{"send-for-close@p.go:6#1", "Start's goroutine sends one value on done instead of closing it, so only one receiver gets it",
			`- 		defer close(done)
+ 		defer func() { done <- struct{}{} }()
`},
	}},
	{"send-for-close", pairSrc, []want{
		{"send-for-close@p.go:6#1", "Pair's goroutine sends one value on done instead of closing it, so only one receiver gets it",
			`- 		defer close(done)
+ 		defer func() { done <- struct{}{} }()
`},
	}},
	{"close-wrong-chan", pairSrc, []want{
		{"close-wrong-chan@p.go:6#1", "Pair's goroutine closes in instead of done",
			`- 		defer close(done)
+ 		defer close(in)
`},
	}},
	{"nil-chan", doneSrc, []want{
		{"nil-chan@p.go:4#1", "Start declares done but never makes it: a nil channel",
			`- 	done := make(chan struct{})
+ 	var done chan struct{}
`},
	}},
	{"nil-chan", tickSrc, []want{
		{"nil-chan@p.go:9#1", "Tick declares done but never makes it: a nil channel",
			`- 	done := make(chan struct{})
+ 	var done chan struct{}
`},
	}},
	{"buffer-chan", doneSrc, []want{
		{"buffer-chan@p.go:4#1", "Start gives its make(chan struct{}) a buffer of 1",
			`- 	done := make(chan struct{})
+ 	done := make(chan struct{}, 1)
`},
	}},
	{"buffer-chan", pairSrc, []want{
		{"buffer-chan@p.go:4#1", "Pair gives its make(chan int) a buffer of 1",
			`- 	in, done := make(chan int), make(chan struct{})
+ 	in, done := make(chan int, 1), make(chan struct{})
`},
		{"buffer-chan@p.go:4#2", "Pair gives its make(chan struct{}) a buffer of 1",
			`- 	in, done := make(chan int), make(chan struct{})
+ 	in, done := make(chan int), make(chan struct{}, 1)
`},
	}},
	{"unbuffer-chan", queueSrc, []want{
		{"unbuffer-chan@p.go:12#1", "Parent makes its make(chan int, 4) unbuffered",
			`- 	in, out := make(chan int), make(chan int, 4)
+ 	in, out := make(chan int), make(chan int)
`},
	}},
	{"shared-chan", queueSrc, []want{
		{"shared-chan@p.go:13#1", "Child gets in as both of its channels",
			`- 	go Child(in, out)
+ 	go Child(in, in)
`},
		{"shared-chan@p.go:13#2", "Child gets out as both of its channels",
			`- 	go Child(in, out)
+ 	go Child(out, out)
`},
	}},
	{"swap-send-receive", queueSrc, []want{
		{"swap-send-receive@p.go:14#1", "Parent sends on in only after for v := range out { …",
			`- 	in <- n
- 	var got []int
- 	for v := range out {
- 		got = append(got, v)
- 	}
+ 	var got []int
+ 	for v := range out {
+ 		got = append(got, v)
+ 	}
+ 	in <- n
`},
	}},
	{"range-once", queueSrc, []want{
		{"range-once@p.go:16#1", "Parent takes only the first value from out",
			`+ 		break
`},
	}},
	{"range-once", procSrc, []want{
		{"range-once@p.go:29#1", "Ask reads only the first line (sc.Scan())",
			`+ 		break
`},
	}},
	{"loop-off-by-one", queueSrc, []want{
		{"loop-off-by-one@p.go:6#1", "Child's loop on a channel ends one step off (i < n)",
			`- 	for i := 1; i <= n; i++ {
+ 	for i := 1; i < n; i++ {
`},
		{"loop-off-by-one@p.go:6#2", "Child's loop on a channel starts at i = 0",
			`- 	for i := 1; i <= n; i++ {
+ 	for i := 0; i <= n; i++ {
`},
		{"loop-off-by-one@p.go:6#3", "Child's loop on a channel starts at i = 2",
			`- 	for i := 1; i <= n; i++ {
+ 	for i := 2; i <= n; i++ {
`},
	}},
	{"drop-select-case", tickSrc, []want{
		{"drop-select-case@p.go:16#1", "Tick's goroutine's select has no case <-ctx.Done()",
			`- 			case <-ctx.Done():
- 				return
`},
		{"drop-select-case@p.go:18#2", "Tick's goroutine's select has no case <-t.C",
			`- 			case <-t.C:
- 				if ctx.Err() != nil {
- 					return
- 				}
- 				f()
`},
	}},
	{"busy-select", tickSrc, []want{
		{"busy-select@p.go:18#1", "Tick's goroutine does not wait for <-t.C: a default case takes its place and the loop spins",
			`- 			case <-t.C:
+ 			default:
`},
	}},
	{"select-default", tickSrc, []want{
		{"select-default@p.go:15#1", "Tick's goroutine's select gets an empty default, so its loop spins instead of waiting",
			`+ 			default:
`},
	}},
	{"break-in-select", tickSrc, []want{
		{"break-in-select@p.go:17#1", "Tick's goroutine's return in a select case becomes break, which leaves the select but not the loop",
			`- 				return
+ 				break
`},
		{"break-in-select@p.go:20#2", "Tick's goroutine's return in a select case becomes break, which leaves the select but not the loop",
			`- 					return
+ 					break
`},
	}},
	{"work-before-wait", tickSrc, []want{
		{"work-before-wait@p.go:19#1", "Tick's goroutine does the work of case <-t.C before it waits for it, so the first round comes at once",
			`- 			select {
- 			case <-ctx.Done():
- 				return
- 			case <-t.C:
- 				if ctx.Err() != nil {
- 					return
- 				}
- 				f()
+ 			if ctx.Err() != nil {
+ 				return
+ 			}
+ 			f()
+ 			select {
+ 			case <-ctx.Done():
+ 				return
+ 			case <-t.C:
`},
	}},
	{"select-once", tickSrc, []want{
		{"select-once@p.go:14#1", "Tick's goroutine's select runs once: the for loop around it is gone",
			`- 		for {
- 			select {
- 			case <-ctx.Done():
- 				return
- 			case <-t.C:
- 				if ctx.Err() != nil {
- 					return
- 				}
- 				f()
- 			}
+ 		select {
+ 		case <-ctx.Done():
+ 			return
+ 		case <-t.C:
+ 			if ctx.Err() != nil {
+ 				return
+ 			}
+ 			f()
`},
	}},
	{"drop-guard", tickSrc, []want{
		{"drop-guard@p.go:19#1", "Tick's goroutine skips the check `if ctx.Err() != nil { …`",
			`- 				if ctx.Err() != nil {
- 					return
- 				}
`},
	}},
	// The copy of the flag only the guard used goes too.
	{"drop-guard", joinSrc, []want{
		{"drop-guard@p.go:15#1", "Join skips the check `if !started { …`",
			`- 	started := t.started
- 	t.mu.Unlock()
- 	if !started {
- 		return false
- 	}
+ 	t.mu.Unlock()
`},
	}},
	{"guard-late", tickSrc, []want{
		{"guard-late@p.go:19#1", "Tick's goroutine checks `ctx.Err() != nil` only after f()",
			`- 				if ctx.Err() != nil {
- 					return
- 				}
- 				f()
+ 				f()
+ 				if ctx.Err() != nil {
+ 					return
+ 				}
`},
	}},
	{"guard-late", flagSrc, []want{
		{"guard-late@p.go:16#1", "Start checks `t.started` only after t.started = true",
			`- 	if t.started {
- 		return errors.New("twice")
- 	}
- 	t.started = true
+ 	t.started = true
+ 	if t.started {
+ 		return errors.New("twice")
+ 	}
`},
	}},
	{"drop-stop", tickSrc, []want{
		{"drop-stop@p.go:13#1", "Tick's goroutine never stops t",
			`- 		defer t.Stop()
`},
	}},
	{"ticker-timer", tickSrc, []want{
		{"ticker-timer@p.go:12#1", "Tick's goroutine makes a Timer (it fires once) instead of a Ticker",
			`- 		t := time.NewTicker(every)
+ 		t := time.NewTimer(every)
`},
	}},
	{"swap-defers", tickSrc, []want{
		{"swap-defers@p.go:11#1", "Tick's goroutine's deferred calls run in the other order: close(done) now runs before t.Stop()",
			`- 		defer close(done)
- 		t := time.NewTicker(every)
- 		defer t.Stop()
+ 		t := time.NewTicker(every)
+ 		defer t.Stop()
+ 		defer close(done)
`},
	}},
	{"drop-pipe-close", procSrc, []want{
		{"drop-pipe-close@p.go:26#1", "Ask never closes stdin",
			`- 	stdin.Close()
`},
	}},
	{"defer-pipe-close", procSrc, []want{
		{"defer-pipe-close@p.go:26#1", "Ask closes stdin only when it returns (deferred)",
			`- 	stdin.Close()
+ 	defer stdin.Close()
`},
	}},
	{"close-before-use", procSrc, []want{
		{"close-before-use@p.go:26#1", "Ask closes stdin before fmt.Fprintf(stdin, \"%d\\n\", n)",
			`- 	fmt.Fprintf(stdin, "%d\n", n)
- 	stdin.Close()
+ 	stdin.Close()
+ 	fmt.Fprintf(stdin, "%d\n", n)
`},
	}},
	{"wait-before-read", procSrc, []want{
		{"wait-before-read@p.go:33#1", "Ask waits for the child (cmd.Wait()) before fmt.Fprintf(stdin, \"%d\\n\", n)",
			`- 	fmt.Fprintf(stdin, "%d\n", n)
- 	stdin.Close()
- 	var lines []string
- 	sc := bufio.NewScanner(stdout)
- 	for sc.Scan() {
- 		lines = append(lines, sc.Text())
- 	}
- 	io.Copy(io.Discard, stdout)
- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
+ 	}
+ 	fmt.Fprintf(stdin, "%d\n", n)
+ 	stdin.Close()
+ 	var lines []string
+ 	sc := bufio.NewScanner(stdout)
+ 	for sc.Scan() {
+ 		lines = append(lines, sc.Text())
+ 	}
+ 	io.Copy(io.Discard, stdout)
`},
		{"wait-before-read@p.go:33#2", "Ask waits for the child (cmd.Wait()) before stdin.Close()",
			`- 	stdin.Close()
- 	var lines []string
- 	sc := bufio.NewScanner(stdout)
- 	for sc.Scan() {
- 		lines = append(lines, sc.Text())
- 	}
- 	io.Copy(io.Discard, stdout)
- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
+ 	}
+ 	stdin.Close()
+ 	var lines []string
+ 	sc := bufio.NewScanner(stdout)
+ 	for sc.Scan() {
+ 		lines = append(lines, sc.Text())
+ 	}
+ 	io.Copy(io.Discard, stdout)
`},
		{"wait-before-read@p.go:33#3", "Ask waits for the child (cmd.Wait()) before sc := bufio.NewScanner(stdout)",
			`- 	sc := bufio.NewScanner(stdout)
- 	for sc.Scan() {
- 		lines = append(lines, sc.Text())
- 	}
- 	io.Copy(io.Discard, stdout)
- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
+ 	}
+ 	sc := bufio.NewScanner(stdout)
+ 	for sc.Scan() {
+ 		lines = append(lines, sc.Text())
+ 	}
+ 	io.Copy(io.Discard, stdout)
`},
		{"wait-before-read@p.go:33#4", "Ask waits for the child (cmd.Wait()) before io.Copy(io.Discard, stdout)",
			`- 	io.Copy(io.Discard, stdout)
- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
+ 	if err := cmd.Wait(); err != nil {
+ 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
+ 	}
+ 	io.Copy(io.Discard, stdout)
`},
	}},
	{"wait-before-read", errPathSrc, []want{
		{"wait-before-read@p.go:18#1", "Run waits for the child (cmd.Wait()) before io.Copy(io.Discard, out)",
			`- 		io.Copy(io.Discard, out)
- 		cmd.Wait()
+ 		cmd.Wait()
+ 		io.Copy(io.Discard, out)
`},
	}},
	{"start-to-run", procSrc, []want{
		{"start-to-run@p.go:22#1", "Ask calls cmd.Run() instead of Start(): it waits for the child to end before anything else",
			`- 	if err := cmd.Start(); err != nil {
+ 	if err := cmd.Run(); err != nil {
`},
	}},
	{"start-to-run", errPathSrc, []want{
		{"start-to-run@p.go:13#1", "Run calls cmd.Run() instead of Start(): it waits for the child to end before anything else",
			`- 	if err := cmd.Start(); err != nil {
+ 	if err := cmd.Run(); err != nil {
`},
	}},
	{"pipe-after-start", procSrc, []want{
		{"pipe-after-start@p.go:12#1", "Ask asks for cmd.StdinPipe() only after cmd.Start()",
			`- 	stdin, err := cmd.StdinPipe()
- 	if err != nil {
- 		return nil, err
- 	}
- 	stdout, err := cmd.StdoutPipe()
- 	if err != nil {
- 		return nil, err
- 	}
- 	var stderr bytes.Buffer
- 	cmd.Stderr = &stderr
- 	if err := cmd.Start(); err != nil {
+ 	stdout, err := cmd.StdoutPipe()
+ 	if err != nil {
+ 		return nil, err
+ 	}
+ 	var stderr bytes.Buffer
+ 	cmd.Stderr = &stderr
+ 	if err := cmd.Start(); err != nil {
+ 		return nil, err
+ 	}
+ 	stdin, err := cmd.StdinPipe()
+ 	if err != nil {
`},
		{"pipe-after-start@p.go:16#2", "Ask asks for cmd.StdoutPipe() only after cmd.Start()",
			`- 	stdout, err := cmd.StdoutPipe()
- 	if err != nil {
- 		return nil, err
- 	}
- 	var stderr bytes.Buffer
- 	cmd.Stderr = &stderr
- 	if err := cmd.Start(); err != nil {
+ 	var stderr bytes.Buffer
+ 	cmd.Stderr = &stderr
+ 	if err := cmd.Start(); err != nil {
+ 		return nil, err
+ 	}
+ 	stdout, err := cmd.StdoutPipe()
+ 	if err != nil {
`},
	}},
	{"pipe-after-start", errPathSrc, []want{
		{"pipe-after-start@p.go:9#1", "Run asks for cmd.StdoutPipe() only after cmd.Start()",
			`- 	out, err := cmd.StdoutPipe()
- 	if err != nil {
- 		return err
- 	}
- 	if err := cmd.Start(); err != nil {
+ 	if err := cmd.Start(); err != nil {
+ 		return err
+ 	}
+ 	out, err := cmd.StdoutPipe()
+ 	if err != nil {
`},
	}},
	{"ignore-cmd-error", procSrc, []want{
		{"ignore-cmd-error@p.go:22#1", "Ask ignores the error of cmd.Start(): it goes on as if the child had started",
			`- 	if err := cmd.Start(); err != nil {
- 		return nil, err
- 	}
+ 	cmd.Start()
`},
		{"ignore-cmd-error@p.go:33#2", "Ask ignores the error of cmd.Wait(): the child's exit status",
			`- 	if err := cmd.Wait(); err != nil {
- 		return nil, fmt.Errorf("%w: %s", err, stderr.String())
- 	}
+ 	cmd.Wait()
`},
	}},
	{"ignore-cmd-error", errPathSrc, []want{
		{"ignore-cmd-error@p.go:13#1", "Run ignores the error of cmd.Start(): it goes on as if the child had started",
			`- 	if err := cmd.Start(); err != nil {
- 		return err
- 	}
+ 	cmd.Start()
`},
	}},
	{"drop-send", pairSrc, []want{
		{"drop-send@p.go:7#1", "Pair's goroutine never sends on in (in <- n dropped)",
			`- 		in <- n
`},
	}},
	{"drop-send", queueSrc, []want{
		{"drop-send@p.go:7#1", "Child never sends on out (out <- i dropped)",
			`- 		out <- i
`},
		{"drop-send@p.go:14#2", "Parent never sends on in (in <- n dropped)",
			`- 	in <- n
`},
	}},
	{"drop-stderr", procSrc, []want{
		{"drop-stderr@p.go:21#1", "Ask no longer collects the child's stderr",
			`- 	cmd.Stderr = &stderr
`},
	}},
	{"drop-flush", procSrc, []want{
		{"drop-flush@p.go:45#1", "Serve never flushes its buffered writes (returns nil for bw.Flush())",
			`- 	return bw.Flush()
+ 	return nil
`},
	}},
}

func TestOperators(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range operatorCases {
		covered[c.op] = true
		name := c.op + "/" + strings.SplitN(c.src[strings.Index(c.src, "func "):], "(", 2)[0][5:]
		t.Run(name, func(t *testing.T) {
			ops, err := Lookup(c.op)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Generate(map[string][]byte{"p.go": []byte(c.src)}, ops)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < len(got) || i < len(c.want); i++ {
				switch {
				case i >= len(c.want):
					t.Errorf("extra mutant %s (%s):\n%s", got[i].ID, got[i].Description, Diff([]byte(c.src), got[i].Files["p.go"]))
				case i >= len(got):
					t.Errorf("got no mutant %d, want %s (%s):\n%s", i+1, c.want[i].id, c.want[i].desc, c.want[i].diff)
				default:
					g, w := got[i], c.want[i]
					if g.ID != w.id || g.Description != w.desc {
						t.Errorf("mutant %d: got %s (%s), want %s (%s)", i+1, g.ID, g.Description, w.id, w.desc)
					}
					if d := Diff([]byte(c.src), g.Files["p.go"]); d != w.diff {
						t.Errorf("%s: got\n%s\nwant\n%s", g.ID, d, w.diff)
					}
				}
			}
		})
	}
	for _, op := range Operators {
		if !covered[op.Name] {
			t.Errorf("operator %s has no case in operatorCases", op.Name)
		}
	}
}
