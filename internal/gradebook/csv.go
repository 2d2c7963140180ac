package gradebook

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/goconcurrency/workbook/internal/results"
)

// The statuses of a submission in the csv format.
const (
	// csvGraded is a submission whose every check ran.
	csvGraded = "graded"
	// csvNotChecked is a submission that could not be checked at all
	// (results.Run.Error).
	csvNotChecked = "not checked"
	// csvError is a submission one of whose checks errored: the checker or
	// the machine failed, not the learner, so its points may be low for
	// no fault of theirs.
	csvError = "error"
)

// WriteCSV writes a gradebook for a spreadsheet: a header row
// "submission,exercise-1,…,total,status"; a row "max" with the most points
// of each exercise and their sum (its status empty); then one row per
// submission with its points per exercise (empty where the exercise was
// not checked), its total points, and its status: csvGraded,
// csvNotChecked or csvError. Hidden checks count.
func WriteCSV(w io.Writer, gb *Gradebook) error {
	cols := columns(gb)
	cw := csv.NewWriter(w)
	head := []string{"submission"}
	for _, c := range cols {
		head = append(head, c.ID)
	}
	head = append(head, "total", "status")
	if err := cw.Write(head); err != nil {
		return err
	}
	max, total := []string{"max"}, 0
	for _, c := range cols {
		max = append(max, strconv.Itoa(c.MaxPoints))
		total += c.MaxPoints
	}
	if err := cw.Write(append(max, strconv.Itoa(total), "")); err != nil {
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
		row = append(row, strconv.Itoa(r.Points), csvStatus(r))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvStatus is a submission's status in the csv format.
func csvStatus(r *results.Run) string {
	if r.Error != "" {
		return csvNotChecked
	}
	for _, e := range r.Exercises {
		for _, c := range e.Checks {
			if c.Status == results.Error {
				return csvError
			}
		}
	}
	return csvGraded
}
