package diagnose

import (
	"regexp"
	"strconv"
	"strings"
)

// Frame is one call in a goroutine's stack.
type Frame struct {
	Func string // "check/resource.(*Resource).DoSomething"
	File string // as printed: "check/resource/resource.go"
	Line int
}

// Goroutine is one goroutine of a stack dump or race report section.
type Goroutine struct {
	ID     int
	State  string // "chan send (durable)", "sync.Mutex.Lock", "running" ...
	Frames []Frame
}

var (
	goroutineHead = regexp.MustCompile(`^goroutine (\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[([^\]]*)\]:$`)
	fileLine      = regexp.MustCompile(`^\s+(\S+\.(?:go|s)):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$`)
	funcLine      = regexp.MustCompile(`^\s*([^\s(]\S*?)\([^()]*\)$`)
)

// parseGoroutines reads every goroutine block of a Go stack dump.
func parseGoroutines(text string) []Goroutine {
	var gs []Goroutine
	var cur *Goroutine
	var fn string
	for _, line := range strings.Split(text, "\n") {
		if m := goroutineHead.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			gs = append(gs, Goroutine{ID: id, State: cleanState(m[2])})
			cur = &gs[len(gs)-1]
			fn = ""
			continue
		}
		if cur == nil {
			continue
		}
		if line == "" {
			cur = nil
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil && fn != "" {
			n, _ := strconv.Atoi(m[2])
			cur.Frames = append(cur.Frames, Frame{Func: fn, File: m[1], Line: n})
			fn = ""
			continue
		}
		if strings.HasPrefix(line, "created by ") {
			fn = "" // the creator's frame is not part of this stack
			continue
		}
		if m := funcLine.FindStringSubmatch(line); m != nil {
			fn = m[1]
		}
	}
	return gs
}

// cleanState turns "chan receive (durable), synctest bubble 1, 2 minutes"
// into "chan receive".
func cleanState(s string) string {
	s = strings.Split(s, ",")[0]
	s = strings.TrimSuffix(s, " (durable)")
	return strings.TrimSpace(s)
}
