// Package textreport prints results for a person at a terminal: one line per
// exercise, and for each failed check its title, kind, the learner's file and
// line, and short evidence, then what to do next.
package textreport

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

// Printer writes learner-facing text.
type Printer struct {
	W       io.Writer
	Color   bool
	Verbose bool
	// Command is how the learner runs the checker ("checker" or "go run ./checker").
	Command string
	// Links makes file:line locations terminal hyperlinks (OSC 8) to the
	// files under Root; see LinksWork.
	Links  bool
	Root   string
	legend bool
}

// LinksWork reports whether the terminal is known to show OSC 8
// hyperlinks (and to ignore them otherwise is not enough: some print the
// escape). Colour must be on as well.
func LinksWork() bool {
	if os.Getenv("CHECKER_NO_LINKS") != "" {
		return false
	}
	switch os.Getenv("TERM_PROGRAM") {
	case "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby":
		return true
	}
	for _, v := range []string{"KITTY_WINDOW_ID", "WT_SESSION", "KONSOLE_VERSION", "ALACRITTY_WINDOW_ID"} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	if v := os.Getenv("VTE_VERSION"); len(v) >= 4 && v >= "5000" {
		return true
	}
	return strings.Contains(os.Getenv("TERM"), "kitty") || strings.Contains(os.Getenv("TERM"), "foot")
}

// MaxLines is how many lines of a message (a diff, a list of goroutines)
// are shown before "N more"; -v shows them all.
const MaxLines = 20

// UseColor reports whether colour suits w: a terminal, and NO_COLOR unset.
func UseColor(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *Printer) paint(code, s string) string {
	if !p.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Green, Red, Yellow and Bold colour s when colour is on.
func (p *Printer) Green(s string) string  { return p.paint("32", s) }
func (p *Printer) Red(s string) string    { return p.paint("31", s) }
func (p *Printer) Yellow(s string) string { return p.paint("33", s) }
func (p *Printer) Bold(s string) string   { return p.paint("1", s) }

// Exercise prints one exercise's results.
func (p *Printer) Exercise(e results.Exercise) {
	passed := 0
	for _, c := range e.Checks {
		if c.Status == results.Pass {
			passed++
		}
	}
	total := len(e.Checks)
	if e.Status == results.Pass {
		fmt.Fprintf(p.W, "%s %s %s: all %d checks pass\n", p.Green("✓"), p.Bold(e.ID), e.Name, total)
		if p.Verbose {
			for _, c := range e.Checks {
				p.check(c, "")
			}
		}
		return
	}
	fmt.Fprintf(p.W, "%s %s %s: %d of %d checks pass\n", p.Red("✗"), p.Bold(e.ID), e.Name, passed, total)
	said := map[string]string{} // the cause -> the check that showed it first
	for _, c := range e.Checks {
		if c.Status == results.Pass {
			if p.Verbose {
				p.check(c, "")
			}
			continue
		}
		// One compile error, one panic, one race (the same learner lines)
		// fails several checks the same way: show it once, refer to it after.
		key := c.Kind + "\x00" + c.Message
		if c.Cause != "" {
			key = c.Cause
		}
		first, ok := said[key]
		if !ok {
			said[key] = c.Name
		}
		if ok && !p.Verbose {
			p.check(c, first)
			continue
		}
		p.check(c, "")
	}
}

// check prints one check; sameAs names an earlier check that failed for
// the same cause, whose evidence is not shown again.
func (p *Printer) check(c results.Check, sameAs string) {
	mark := p.Green("✓")
	if c.Status != results.Pass {
		mark = p.Red("✗")
	}
	fmt.Fprintf(p.W, "\n  %s %s\n", mark, c.Title)
	if c.Status == results.Pass {
		return
	}
	where := p.Yellow(c.Kind)
	if c.File != "" {
		where += " at " + p.link(c.File, c.Line)
	}
	fmt.Fprintf(p.W, "%s%s  (check %s)\n", indent, where, c.Name)
	if sameAs != "" {
		fmt.Fprintf(p.W, "%sthe same as check %s above\n", indent, sameAs)
		return
	}
	for _, line := range p.body(c) {
		fmt.Fprintf(p.W, "%s%s\n", indent, line)
	}
	if c.Kind == "wrong" && strings.Contains(c.Message, "-want +got") && !p.legend {
		p.legend = true
		fmt.Fprintf(p.W, "%s(in the diff, lines with - are what the check expected, lines with + are what your code gave)\n", indent)
	}
	if p.Verbose && c.Output != "" {
		fmt.Fprintf(p.W, "%s--- full output ---\n", indent)
		for _, line := range strings.Split(strings.TrimRight(c.Output, "\n"), "\n") {
			fmt.Fprintf(p.W, "%s| %s\n", indent, line)
		}
	}
}

// body is what to show of a failed check: its message, the evidence drawn
// in place of the message's list of accesses or goroutines, capped at
// MaxLines unless verbose.
func (p *Printer) body(c results.Check) []string {
	msg := strings.Split(strings.TrimRight(c.Message, "\n"), "\n")
	if d := Drawing(c.Evidence); d != nil && !p.Verbose {
		keep := msg[:0:0]
		switch {
		case c.Evidence.Race != nil:
			// The drawing says all the message's first lines say.
			if i := indexOf(msg, "the check also said:"); i >= 0 {
				keep = msg[i:]
			}
			msg = append(d, keep...)
		default:
			if i := indexOf(msg, "blocked in your code:"); i >= 0 {
				msg = msg[:i]
			}
			msg = append(msg, d...)
		}
	}
	msg = wrapProse(msg, Width-len(indent))
	if len(msg) > MaxLines && !p.Verbose {
		more := len(msg) - MaxLines
		msg = append(msg[:MaxLines], fmt.Sprintf("… %d more lines (-v shows them all)", more))
	}
	return msg
}

// indexOf is the index of the first line of lines that is s, or -1.
func indexOf(lines []string, s string) int {
	for i, l := range lines {
		if strings.TrimSpace(l) == s {
			return i
		}
	}
	return -1
}

// link writes file:line, as a terminal hyperlink when links work.
func (p *Printer) link(file string, line int) string {
	text := fmt.Sprintf("%s:%d", file, line)
	if !p.Links || !p.Color {
		return text
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(p.Root, file)
	}
	return "\x1b]8;;file://" + filepath.ToSlash(abs) + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}

// Next prints what to do after checking e: on a pass, the reference to
// compare with and the next exercise; on a failure, where to start and how
// to get a hint.
func (p *Printer) Next(e results.Exercise, next string) {
	if e.Status == results.Pass {
		fmt.Fprintf(p.W, "Compare with the reference answer: \"%s solution %s\".\n", p.Command, e.ID)
		if next != "" {
			fmt.Fprintf(p.W, "Next: %s (\"%s %s\")\n", next, p.Command, strings.Fields(next)[0])
		} else {
			fmt.Fprintf(p.W, "That was the last exercise: well done.\n")
		}
		return
	}
	fmt.Fprintf(p.W, "\nFix the first failure above, then check again. Stuck? \"%s hint %s\"\n", p.Command, e.ID)
}

// Summary prints one line for a run of several exercises.
func (p *Printer) Summary(r *results.Run) {
	passed := 0
	for _, e := range r.Exercises {
		if e.Status == results.Pass {
			passed++
		}
	}
	fmt.Fprintf(p.W, "\n%d of %d exercises pass; %d of %d points\n", passed, len(r.Exercises), r.Points, r.MaxPoints)
}

// wrapProse wraps the prose lines of a message (those that start with a
// letter) to width columns; lines of a diff, a list or a drawing are kept.
func wrapProse(lines []string, width int) []string {
	var out []string
	for _, l := range lines {
		r, _ := utf8.DecodeRuneInString(l)
		if utf8.RuneCountInString(l) <= width || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			out = append(out, l)
			continue
		}
		out = append(out, wrap(l, width)...)
	}
	return out
}
