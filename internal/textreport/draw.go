package textreport

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

// Width is the widest line a drawing makes.
const Width = 80

// indent is where the lines of a check's evidence start.
const indent = "    "

// Drawing renders a failure's evidence as plain text lines (no colour) that
// fit Width columns: a data race as two lanes, one per goroutine; a
// deadlock or a stuck check as the goroutines that wait and on what; work
// that ran in turn as a timeline. It returns nil when there is nothing to
// draw.
func Drawing(ev *results.Evidence) []string {
	switch {
	case ev == nil:
		return nil
	case ev.Race != nil && len(ev.Race.Accesses) == 2:
		return raceLanes(ev.Race)
	case ev.Sequence != nil && ev.Sequence.Expected > 0:
		return timeline(ev.Sequence, ev.Waits)
	case len(ev.Waits) > 0:
		return waitsFor(ev.Waits)
	}
	return nil
}

// lane is the width of one goroutine's lane in a race drawing.
const lane = (Width - len(indent) - 2) / 2

// fit cuts s to n columns, with an ellipsis when it cuts.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// pad fits s to exactly n columns.
func pad(s string, n int) string {
	s = fit(s, n)
	return s + strings.Repeat(" ", n-utf8.RuneCountInString(s))
}

// short is a learner's file:line by its base name.
func short(file string, line int) string {
	if file == "" {
		return "the check's code"
	}
	return fmt.Sprintf("%s:%d", path.Base(file), line)
}

// raceLanes draws a race: two lanes, one per goroutine, the accesses in
// the order they happened, then what would order them.
func raceLanes(r *results.Race) []string {
	a, b := r.Accesses[0], r.Accesses[1]
	row := func(left, right string) string {
		return strings.TrimRight("  "+pad(left, lane)+"  "+fit(right, lane), " ")
	}
	started := func(x results.Access) string {
		if x.StartedAt == "" {
			return "started: unknown"
		}
		where, fn, _ := strings.Cut(x.StartedAt, " in ")
		if i := strings.LastIndexByte(where, '/'); i >= 0 {
			where = where[i+1:]
		}
		fn = bare(fn)
		if fn != "" {
			return "started at " + where + " (" + fn + ")"
		}
		return "started by " + where
	}
	name := func(x results.Access) string { return x.Goroutine }
	head := "data race"
	if r.Var != "" {
		head += " on " + r.Var
	}
	lines := []string{head + ": two goroutines, and nothing orders their accesses", "",
		row(name(a), name(b)),
		row(started(a), started(b)),
		row("│", "│"),
		row("● "+a.Op+" "+short(a.File, a.Line), "│"),
	}
	if a.Code != "" {
		lines = append(lines, row("│ "+a.Code, "│"))
	}
	lines = append(lines, row("│", "● "+b.Op+" "+short(b.File, b.Line)))
	if b.Code != "" {
		lines = append(lines, row("│", "│ "+b.Code))
	}
	lines = append(lines, "")
	return append(lines, wrap(r.Advice, Width-len(indent))...)
}

// waitsFor draws the goroutines of a deadlock or a stuck check: each with
// what it waits on at which line, and who should have released it.
func waitsFor(ws []results.Wait) []string {
	lines := []string{"what is left waiting, with nothing to wake it:"}
	const most = 6
	for i, w := range ws {
		if i == most {
			lines = append(lines, fmt.Sprintf("  … and %d more like these (-v shows them all)", len(ws)-most))
			break
		}
		lines = append(lines, fit(fmt.Sprintf("  %-26s %-18s waits on %s", fit(bare(w.Func), 26), short(w.File, w.Line), w.On), Width-len(indent)))
		if w.Code != "" {
			lines = append(lines, fit("  "+strings.Repeat(" ", 27)+w.Code, Width-len(indent)))
		}
		if w.Because != "" {
			for j, l := range wrap(w.Because, Width-len(indent)-31) {
				mark := "  " + strings.Repeat(" ", 27) + "↳ "
				if j > 0 {
					mark = strings.Repeat(" ", 31)
				}
				lines = append(lines, mark+l)
			}
		}
	}
	return lines
}

// timeline draws work that ran in turn: which pieces had started when the
// code first waited, and where it waited.
func timeline(s *results.Sequence, ws []results.Wait) []string {
	lines := []string{fmt.Sprintf("ran in turn: when it first waited, %d of its %d had started", s.Started, s.Expected),
		"  expected         yours"}
	const most = 5
	n := min(s.Expected, most)
	for i := 1; i <= n; i++ {
		mine := "· · · · · not started"
		if i <= s.Started {
			mine = "▶━━━━━━━━ running"
		}
		if i == s.Started+1 && s.Waits != nil {
			mine += ": it waits first"
		}
		lines = append(lines, fmt.Sprintf("  %d ▶━━━━━━━━     %d %s", i, i, mine))
	}
	if s.Expected > most {
		lines = append(lines, fmt.Sprintf("  … %d more", s.Expected-most))
	}
	if w := s.Waits; w != nil {
		at := fmt.Sprintf("it waits at %s in %s", short(w.File, w.Line), bare(w.Func))
		if w.Code != "" {
			at += ": " + w.Code
		}
		lines = append(lines, fit(at, Width-len(indent)))
	}
	return append(lines, "start every one first, then wait for them all")
}

// wrap breaks s into lines of at most n columns at spaces.
func wrap(s string, n int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > n:
			out = append(out, line)
			line = word
		default:
			line += " " + word
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// bare drops the package from a function's name: "RunAll" for
// "sumthread.RunAll", "(*Resource).Data" for "resource.(*Resource).Data".
func bare(fn string) string {
	if strings.HasPrefix(fn, "check.") {
		return fn
	}
	if i := strings.IndexByte(fn, '.'); i >= 0 && !strings.Contains(fn[:i], "(") {
		return fn[i+1:]
	}
	return fn
}
