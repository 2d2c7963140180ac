package gradebook

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

// GitHubAnnotations is the most annotations the github format writes
// before its closing notice: GitHub shows only 10 error annotations per
// step (and 50 in all per job); the rest are lost without a word.
const GitHubAnnotations = 10

// GitHubSummaryLimit is the most bytes of Markdown the github format
// writes for the step summary, under the 1 MiB GitHub takes from a step.
const GitHubSummaryLimit = 1000 << 10

// annotationLines is the most lines of a diagnosis an annotation carries.
const annotationLines = 20

// WriteGitHub writes GitHub Actions workflow commands for the learners'
// view of gb (hidden checks left out, see the package doc):
//
//   - per submission, an ::error if it could not be checked, a ::warning
//     per file left out, and per exercise one ::error for its first failed
//     check, at the learner's file and line where there is one, saying how
//     many more of the exercise's checks failed;
//   - at most GitHubAnnotations of those, in submission order, then one
//     ::notice saying how many more failures the step summary lists;
//   - then the Markdown of Markdown (points, every failure, what was not
//     checked, files left out), also appended to opts.StepSummary when set.
func WriteGitHub(w io.Writer, gb *Gradebook, opts Options) error {
	lb := learnerBook(gb)
	type annotation struct {
		text    string
		failure bool // of a failed check, not a submission or a file
	}
	var all []annotation
	failed := 0
	for _, r := range lb.Submissions {
		if r.Error != "" {
			all = append(all, annotation{Annotation("error", map[string]string{"title": r.Submission + ": not checked"}, r.Error), false})
		}
		for _, n := range r.Notes {
			all = append(all, annotation{Annotation("warning", map[string]string{"title": r.Submission + ": file left out"}, n), false})
		}
		for _, e := range r.Exercises {
			var fails []results.Check
			for _, c := range e.Checks {
				if c.Status != results.Pass {
					fails = append(fails, c)
				}
			}
			if len(fails) == 0 {
				continue
			}
			failed += len(fails)
			c := fails[0]
			props := map[string]string{"title": fmt.Sprintf("%s %s %s: %s", r.Submission, e.ID, e.Name, title(c))}
			if c.File != "" {
				props["file"] = c.File
				if c.Line > 0 {
					props["line"] = fmt.Sprint(c.Line)
				}
			}
			msg := clipLines(diagnosis(c), annotationLines)
			if n := len(fails) - 1; n > 0 {
				msg += fmt.Sprintf("\n(%d more failed %s in %s: see the step summary)", n, plural(n, "check"), e.ID)
			}
			all = append(all, annotation{Annotation("error", props, msg), true})
		}
	}
	var b strings.Builder
	shown, others := 0, 0
	for i, a := range all {
		switch {
		case i < GitHubAnnotations:
			b.WriteString(a.text)
			if a.failure {
				shown++
			}
		case !a.failure:
			others++
		}
	}
	if left := failed - shown; left > 0 || others > 0 {
		more := fmt.Sprintf("%d more failed %s", left, plural(left, "check"))
		if others > 0 {
			more += fmt.Sprintf(" and %d more %s of submissions not checked or files left out", others, plural(others, "warning"))
		}
		msg := fmt.Sprintf("%s (of %d failed checks in all) are listed in the step summary: annotations show one failure per learner and exercise, at most %d.", more, failed, GitHubAnnotations)
		b.WriteString(Annotation("notice", map[string]string{"title": "More failures in the step summary"}, msg))
	}
	md := Markdown(gb)
	b.WriteString("\n" + md)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if opts.StepSummary != nil {
		if _, err := io.WriteString(opts.StepSummary, md); err != nil {
			return fmt.Errorf("step summary: %w", err)
		}
	}
	return nil
}

// Annotation is one workflow command line: ::level props::message, with
// the message and the properties escaped as GitHub requires. Properties
// are written in the order file, line, col, endLine, endColumn, title.
func Annotation(level string, props map[string]string, message string) string {
	var ps []string
	for _, k := range []string{"file", "line", "col", "endLine", "endColumn", "title"} {
		if v, ok := props[k]; ok {
			ps = append(ps, k+"="+EscapeProperty(v))
		}
	}
	line := "::" + level
	if len(ps) > 0 {
		line += " " + strings.Join(ps, ",")
	}
	return line + "::" + EscapeData(message) + "\n"
}

// EscapeData escapes a workflow command's message: %, \r and \n.
func EscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty escapes a workflow command's property value: as
// EscapeData, and : and , too.
func EscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Markdown is the learners' view of gb (hidden checks left out) in
// Markdown, for a GitHub step summary: the points table (MarkdownTable);
// every failed check, one row each (submission, exercise, check, kind,
// file:line, the first line of its message); the submissions that could
// not be checked and the files left out. It stays under
// GitHubSummaryLimit bytes, saying how many failures it had to leave out.
func Markdown(gb *Gradebook) string {
	lb := learnerBook(gb)
	var b strings.Builder
	b.WriteString(MarkdownTable(gb))
	var notChecked, notes []string
	for _, r := range lb.Submissions {
		if r.Error != "" {
			notChecked = append(notChecked, fmt.Sprintf("- %s: %s\n", mdCell(r.Submission), mdCell(firstLine(r.Error))))
		}
		for _, n := range r.Notes {
			notes = append(notes, fmt.Sprintf("- %s: %s\n", mdCell(r.Submission), mdCell(firstLine(n))))
		}
	}
	var tail strings.Builder
	if len(notChecked) > 0 {
		tail.WriteString("\n### Not checked\n\n" + strings.Join(notChecked, ""))
	}
	if len(notes) > 0 {
		tail.WriteString("\n### Files left out\n\n" + strings.Join(notes, ""))
	}
	var rows []string
	for _, r := range lb.Submissions {
		for _, e := range r.Exercises {
			for _, c := range e.Checks {
				if c.Status == results.Pass {
					continue
				}
				kind := c.Kind
				if kind == "" {
					kind = c.Status
				}
				place := "–"
				if w := where(c); w != "" {
					place = mdCell(w)
				}
				rows = append(rows, fmt.Sprintf("| %s | %s %s | %s | %s | %s | %s |\n",
					mdCell(r.Submission), e.ID, mdCell(e.Name), mdCell(c.Name), mdCell(kind), place, mdCell(clip(headline(c.Message), 200))))
			}
		}
	}
	if len(rows) > 0 {
		b.WriteString("\n### Failures\n\n| submission | exercise | check | kind | where | what went wrong |\n| --- | --- | --- | --- | --- | --- |\n")
		room := GitHubSummaryLimit - b.Len() - tail.Len() - 200
		for i, row := range rows {
			if len(row) > room {
				fmt.Fprintf(&b, "\n%d more failures are left out: a step summary holds at most 1 MiB (-format text or json lists them all).\n", len(rows)-i)
				break
			}
			b.WriteString(row)
			room -= len(row)
		}
	}
	b.WriteString(tail.String())
	return b.String()
}

// MarkdownTable is the learners' view of gb (hidden checks left out) as a
// Markdown table: submission, points per exercise, total.
func MarkdownTable(gb *Gradebook) string {
	lb := learnerBook(gb)
	cols := columns(lb)
	var b strings.Builder
	b.WriteString("| submission |")
	sep := "| --- |"
	most := 0
	for _, c := range cols {
		fmt.Fprintf(&b, " %s %s |", c.ID, mdCell(c.Name))
		sep += " ---: |"
		most += c.MaxPoints
	}
	b.WriteString(" total |\n" + sep + " ---: |\n")
	for i := range lb.Submissions {
		r := &lb.Submissions[i]
		mark := "✅"
		if !r.Passed() {
			mark = "❌"
		}
		fmt.Fprintf(&b, "| %s %s |", mark, mdCell(r.Submission))
		for _, c := range cols {
			cell := "–"
			if e, ok := find(r, c.ID); ok {
				cell = fmt.Sprintf("%d/%d", e.Points, e.MaxPoints)
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		total := fmt.Sprintf("**%d/%d**", r.Points, r.MaxPoints)
		if r.Error != "" {
			total = fmt.Sprintf("**0/%d** not checked", most)
		}
		fmt.Fprintf(&b, " %s |\n", total)
	}
	return b.String()
}

// mdCell makes s plain text inside a Markdown table cell: on one line,
// with Markdown's and HTML's special characters escaped (so that "<nil>"
// or "(*Pool).Get" shows as written).
func mdCell(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\r', '\n':
			b.WriteByte(' ')
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clip keeps at most n characters of s, ending in "…" when it cuts.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// clipLines keeps at most n lines of s, saying how many it left out.
func clipLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… (%d more lines)", len(lines)-n)
}

// plural is word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
