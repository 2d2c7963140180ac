package gradebook

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes a table for a person: one row per submission, its points
// per exercise and its total, then what went wrong with any submission that
// could not be checked, and the files left out.
func WriteText(w io.Writer, gb *Gradebook) error {
	cols := columns(gb)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"submission"}
	for _, c := range cols {
		head = append(head, c.ID)
	}
	head = append(head, "total")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		row := []string{r.Submission}
		for _, c := range cols {
			cell := "-"
			if e, ok := find(r, c.ID); ok {
				cell = fmt.Sprintf("%d/%d", e.Points, e.MaxPoints)
			}
			row = append(row, cell)
		}
		total := fmt.Sprintf("%d/%d", r.Points, r.MaxPoints)
		if r.Error != "" {
			total += " (not checked)"
		}
		row = append(row, total)
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var notes []string
	for _, r := range gb.Submissions {
		if r.Error != "" {
			notes = append(notes, fmt.Sprintf("%s: not checked: %s", r.Submission, r.Error))
		}
		for _, n := range r.Notes {
			notes = append(notes, fmt.Sprintf("%s: %s", r.Submission, n))
		}
	}
	if len(notes) > 0 {
		if _, err := fmt.Fprintf(w, "\n%s\n", strings.Join(notes, "\n")); err != nil {
			return err
		}
	}
	return nil
}
