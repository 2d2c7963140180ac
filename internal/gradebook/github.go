package gradebook

import (
	"fmt"
	"io"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// WriteGitHub writes GitHub Actions workflow commands: an ::error
// annotation per failed check, at the learner's file and line where there
// is one, and one per submission that could not be checked; then a
// Markdown table of points, also appended to opts.StepSummary when set.
func WriteGitHub(w io.Writer, gb *Gradebook, opts Options) error {
	var b strings.Builder
	for _, r := range gb.Submissions {
		if r.Error != "" {
			b.WriteString(Annotation("error", map[string]string{"title": r.Submission + ": not checked"}, r.Error))
		}
		for _, n := range r.Notes {
			b.WriteString(Annotation("warning", map[string]string{"title": r.Submission + ": file left out"}, n))
		}
		for _, e := range r.Exercises {
			for _, c := range e.Checks {
				if c.Status == results.Pass {
					continue
				}
				props := map[string]string{
					"title": fmt.Sprintf("%s %s %s: %s", r.Submission, e.ID, c.Name, c.Kind),
				}
				if c.File != "" {
					props["file"] = c.File
					if c.Line > 0 {
						props["line"] = fmt.Sprint(c.Line)
					}
				}
				msg := title(c) + "\n" + strings.TrimRight(c.Message, "\n")
				b.WriteString(Annotation("error", props, msg))
			}
		}
	}
	table := MarkdownTable(gb)
	b.WriteString("\n" + table)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if opts.StepSummary != nil {
		if _, err := io.WriteString(opts.StepSummary, table); err != nil {
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

// MarkdownTable is the gradebook as a Markdown table: submission, points
// per exercise, total.
func MarkdownTable(gb *Gradebook) string {
	cols := columns(gb)
	var b strings.Builder
	b.WriteString("| submission |")
	sep := "| --- |"
	for _, c := range cols {
		fmt.Fprintf(&b, " %s %s |", c.ID, mdCell(c.Name))
		sep += " ---: |"
	}
	b.WriteString(" total |\n" + sep + " ---: |\n")
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
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
			total += " (not checked: " + mdCell(firstLine(r.Error)) + ")"
		}
		fmt.Fprintf(&b, " %s |\n", total)
	}
	return b.String()
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}
