package gradebook

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteCSV writes a gradebook for a spreadsheet: a header row
// "submission,exercise-1,…,total", then one row per submission with its
// points per exercise (empty where the exercise was not checked) and its
// total points.
func WriteCSV(w io.Writer, gb *Gradebook) error {
	cols := columns(gb)
	cw := csv.NewWriter(w)
	head := []string{"submission"}
	for _, c := range cols {
		head = append(head, c.ID)
	}
	head = append(head, "total")
	if err := cw.Write(head); err != nil {
		return err
	}
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		row := []string{r.Submission}
		for _, c := range cols {
			cell := ""
			if e, ok := find(r, c.ID); ok {
				cell = strconv.Itoa(e.Points)
			}
			row = append(row, cell)
		}
		row = append(row, strconv.Itoa(r.Points))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
