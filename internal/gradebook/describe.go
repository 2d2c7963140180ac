package gradebook

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// How a check's failure is put into words. The checker's messages often
// open by naming their kind ("panic: …", "data race: …", "timed out: …",
// "the code does not compile:"), so the kind is written before a message
// only when the message does not already say it: each thing said once.

// title is a check's title, or its name.
func title(c results.Check) string {
	if c.Title != "" {
		return c.Title
	}
	return c.Name
}

// firstLine is s up to its first newline, trimmed.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}

// headline is the first line of a message, with the line after it when
// the first only announces it ("the code does not compile:" followed by
// the compiler's first error); an indented next line (a diff, a stack) is
// left out.
func headline(msg string) string {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	head := strings.TrimSpace(lines[0])
	if strings.HasSuffix(head, ":") && len(lines) > 1 {
		next := lines[1]
		if next != "" && next == strings.TrimLeft(next, " \t") {
			head += " " + strings.TrimSpace(next)
		}
	}
	return head
}

// namesKind reports whether a message's first words already say the kind:
// the text before its first colon (when that comes early) mentions it.
func namesKind(kind, msg string) bool {
	if kind == "" {
		return true
	}
	lead, _, ok := strings.Cut(firstLine(msg), ":")
	if !ok || len(lead) > 40 {
		return false
	}
	lead = strings.ToLower(lead)
	return strings.Contains(lead, kind) || kind == "timeout" && strings.Contains(lead, "timed out")
}

// problem is one line saying what went wrong with a check: its kind and
// headline ("wrong: got 2, want 3"), the kind left out when the headline
// says it ("panic: exercise-1: write Report").
func problem(c results.Check) string { return withKind(c, headline(c.Message)) }

// diagnosis is a check's whole message, with its kind before it unless the
// message says it.
func diagnosis(c results.Check) string { return withKind(c, strings.TrimSpace(c.Message)) }

// withKind is text (from c's message) with c's kind before it unless the
// text names it; the kind, or else the status, when there is no text.
func withKind(c results.Check, text string) string {
	switch {
	case text == "" && c.Kind != "":
		return c.Kind
	case text == "":
		return c.Status
	case namesKind(c.Kind, text):
		return text
	}
	return c.Kind + ": " + text
}

// where is a check's file:line, "" when it has none.
func where(c results.Check) string {
	switch {
	case c.File == "":
		return ""
	case c.Line > 0:
		return fmt.Sprintf("%s:%d", c.File, c.Line)
	}
	return c.File
}

// evidence is a check's title, diagnosis, place and full output, for the
// formats that show everything (JUnit, Gradescope). The place gets a line
// of its own only when the message does not give it.
func evidence(c results.Check) string {
	var b strings.Builder
	b.WriteString(title(c) + "\n" + diagnosis(c) + "\n")
	if w := where(c); w != "" && !strings.Contains(c.Message, w) {
		b.WriteString("at " + w + "\n")
	}
	if c.Output != "" {
		b.WriteString("\nthe check's full output:\n" + strings.TrimRight(c.Output, "\n") + "\n")
	}
	return b.String()
}

// rerun is the command that re-runs one check.
func rerun(command string, e results.Exercise, c results.Check) string {
	return fmt.Sprintf("%s -run '^%s$' %s", command, regexp.QuoteMeta(c.Name), e.ID)
}
