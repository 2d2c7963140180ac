// Package textreport prints results for a person at a terminal: one line per
// exercise, and for each failed check its title, kind, the learner's file and
// line, and short evidence, then what to do next.
package textreport

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// Printer writes learner-facing text.
type Printer struct {
	W       io.Writer
	Color   bool
	Verbose bool
	// Command is how the learner runs the checker ("checker" or "go run ./checker").
	Command string
	legend  bool
}

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
				p.check(c)
			}
		}
		return
	}
	fmt.Fprintf(p.W, "%s %s %s: %d of %d checks pass\n", p.Red("✗"), p.Bold(e.ID), e.Name, passed, total)
	said := map[string]string{} // kind and message -> the check that said it first
	for _, c := range e.Checks {
		if c.Status == results.Pass {
			if p.Verbose {
				p.check(c)
			}
			continue
		}
		// One compile error (or one panic) fails every check the same way:
		// say it once.
		key := c.Kind + "\x00" + c.Message
		if first, ok := said[key]; !ok {
			said[key] = c.Name
		} else if !p.Verbose {
			c.Message = "the same as check " + first + " above"
		}
		p.check(c)
	}
}

func (p *Printer) check(c results.Check) {
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
		where += fmt.Sprintf(" at %s:%d", c.File, c.Line)
	}
	fmt.Fprintf(p.W, "    %s  (check %s)\n", where, c.Name)
	for _, line := range strings.Split(strings.TrimRight(c.Message, "\n"), "\n") {
		fmt.Fprintf(p.W, "    %s\n", line)
	}
	if c.Kind == "wrong" && strings.Contains(c.Message, "-want +got") && !p.legend {
		p.legend = true
		fmt.Fprintf(p.W, "    (in the diff, lines with - are what the check expected, lines with + are what your code gave)\n")
	}
	if p.Verbose && c.Output != "" {
		fmt.Fprintf(p.W, "    --- full output ---\n")
		for _, line := range strings.Split(strings.TrimRight(c.Output, "\n"), "\n") {
			fmt.Fprintf(p.W, "    | %s\n", line)
		}
	}
}

// Next prints what to do after checking e.
func (p *Printer) Next(e results.Exercise, next string) {
	if e.Status == results.Pass {
		if next != "" {
			fmt.Fprintf(p.W, "Next: %s (run \"%s %s\")\n", next, p.Command, strings.Fields(next)[0])
		} else {
			fmt.Fprintf(p.W, "That was the last exercise: well done. Compare with the reference: \"%s solution %s\".\n", p.Command, e.ID)
		}
		return
	}
	fmt.Fprintf(p.W, "\nFix the first failure above, then check again. Stuck? run \"%s hint %s\"\n", p.Command, e.ID)
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
