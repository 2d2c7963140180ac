package gradebook

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
)

// TextWidth is the most columns a line of the text format takes; longer
// lines are cut, ending in "…".
const TextWidth = 100

// WriteText writes the gradebook for a person, in three parts:
//
//   - a table: one row per submission, its points per exercise and its
//     total, the exercises headed "ex-N" when their ids make it too wide;
//   - the class: per exercise, the mean points of the submissions that
//     were checked and how many passed every check; then the failures
//     grouped by cause (Groups), most common first, the first TopGroups
//     of them: how many submissions, the exercise, the cause ("race:
//     sumthread.go sumthread.RunAll.func1 vs …"), then the submissions
//     and the checks that failed so, and how many more causes the group
//     joins;
//   - per submission with something to say: each failed check on one line
//     (exercise, check, file:line, what went wrong), a failure repeating
//     an earlier one of the same exercise said as such, then why it could
//     not be checked and which files were left out.
//
// Hidden checks count, marked with their visibility ("(hidden)", "(after
// due date)"). No line is longer than TextWidth, but for the table's rows
// when even short headers leave them too wide: those are never cut.
func WriteText(w io.Writer, gb *Gradebook) error {
	var table, rest bytes.Buffer
	cols := columns(gb)
	writeTable(&table, gb, cols)
	writeClass(&rest, gb, cols)
	writeSubmissions(&rest, gb)
	if gb.Sandbox != "" {
		if _, err := io.WriteString(w, wrapWords(gb.Sandbox, TextWidth, "  ")+"\n"); err != nil {
			return err
		}
	}
	if _, err := w.Write(table.Bytes()); err != nil {
		return err
	}
	for _, line := range strings.SplitAfter(rest.String(), "\n") {
		if _, err := io.WriteString(w, clipLine(line)); err != nil {
			return err
		}
	}
	return nil
}

// writeTable writes the table of points, its columns headed by the
// exercises' ids, or by "ex-N" when that is too wide for TextWidth.
func writeTable(out *bytes.Buffer, gb *Gradebook, cols []column) {
	var table bytes.Buffer
	tableOf(&table, gb, cols, false)
	for _, line := range strings.Split(table.String(), "\n") {
		if utf8.RuneCountInString(line) > TextWidth {
			table.Reset()
			tableOf(&table, gb, cols, true)
			break
		}
	}
	out.Write(table.Bytes())
}

// tableOf writes the table of points, its columns headed "ex-N" if short.
func tableOf(out *bytes.Buffer, gb *Gradebook, cols []column, short bool) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	head := []string{"submission"}
	most := 0
	for _, c := range cols {
		id := c.ID
		if short && c.Number > 0 {
			id = fmt.Sprintf("ex-%d", c.Number)
		}
		head = append(head, id)
		most += c.MaxPoints
	}
	fmt.Fprintln(tw, strings.Join(append(head, "total"), "\t"))
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
			total = fmt.Sprintf("0/%d not checked", most)
		}
		fmt.Fprintln(tw, strings.Join(append(row, total), "\t"))
	}
	tw.Flush()
}

// TopGroups is how many groups of failures the text report's class
// summary lists; the json and html formats list them all.
const TopGroups = 10

// writeClass writes the class's summary: per exercise, the mean points
// and how many passed; then the most common causes of failure (Groups),
// each with its checks and its submissions.
func writeClass(out *bytes.Buffer, gb *Gradebook, cols []column) {
	checked := 0
	for _, r := range gb.Submissions {
		if r.Error == "" {
			checked++
		}
	}
	fmt.Fprintf(out, "\nclass: %d submissions, %d checked\n", len(gb.Submissions), checked)
	if len(cols) == 0 {
		return
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "exercise\tmean\tpassed")
	for _, c := range cols {
		s := statsOf(gb, c)
		mean, rate := "-", "-"
		if s.checked > 0 {
			mean = fmt.Sprintf("%.1f/%d", s.mean(), c.MaxPoints)
			rate = fmt.Sprintf("%d of %d (%d%%)", s.passed, s.checked, s.passed*100/s.checked)
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\n", c.ID, c.Name, mean, rate)
	}
	tw.Flush()
	groups := Groups(gb)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintf(out, "\nfailures by cause, most common first (submissions, exercise, cause):\n")
	for i, g := range groups {
		if i == TopGroups {
			n := len(groups) - TopGroups
			fmt.Fprintf(out, "  … and %d more %s (-format html or json lists every one)\n", n, plural(n, "cause"))
			break
		}
		// The cause whole, wrapped beside the count and the exercise.
		lead := fmt.Sprintf("  %3d  %s  ", len(g.Submissions), g.Exercise)
		pad := strings.Repeat(" ", utf8.RuneCountInString(lead))
		for j, l := range strings.Split(strings.TrimSuffix(wrapWords(oneLine(sayCause(g.Cause)), TextWidth-len(pad), ""), "\n"), "\n") {
			if j > 0 {
				lead = pad
			}
			fmt.Fprintln(out, lead+l)
		}
		fmt.Fprintln(out, "       "+fitNames(g.Submissions, TextWidth-7))
		var checks []string
		for _, c := range g.Checks {
			name := c.Name
			if !visible(results.Check{Visibility: c.Visibility}) {
				name += " (" + strings.ReplaceAll(c.Visibility, "_", " ") + ")"
			}
			checks = append(checks, name)
		}
		lead = "       " + plural(len(checks), "check") + " "
		fmt.Fprintln(out, lead+fitNames(checks, TextWidth-utf8.RuneCountInString(lead)))
		if n := len(g.Causes) - 1; n > 0 {
			fmt.Fprintf(out, "       and %d more %s of the same submissions (-format html or json lists them)\n", n, plural(n, "cause"))
		}
	}
}

// exerciseStats are the points of one exercise across the checked
// submissions that have it.
type exerciseStats struct {
	checked, passed, points int
	scores                  []int // each submission's points, in the gradebook's order
}

func (s exerciseStats) mean() float64 { return float64(s.points) / float64(s.checked) }

// statsOf gathers the points of the exercise c across gb.
func statsOf(gb *Gradebook, c column) exerciseStats {
	var s exerciseStats
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		e, ok := find(r, c.ID)
		if r.Error != "" || !ok {
			continue
		}
		s.checked++
		s.points += e.Points
		s.scores = append(s.scores, e.Points)
		if e.Status == results.Pass {
			s.passed++
		}
	}
	return s
}

// fitNames lists names, comma-separated, in at most width columns: as
// many as fit, then "and N more".
func fitNames(names []string, width int) string {
	all := strings.Join(names, ", ")
	if utf8.RuneCountInString(all) <= width {
		return all
	}
	for n := len(names) - 1; n >= 0; n-- {
		s := strings.Join(names[:n], ", ")
		more := fmt.Sprintf("and %d more", len(names)-n)
		if n > 0 {
			s += " " + more
		} else {
			s = more
		}
		if utf8.RuneCountInString(s) <= width || n == 0 {
			return s
		}
	}
	return all
}

// writeSubmissions writes, per submission with something to say, its
// failed checks, why it was not checked, and its notes.
func writeSubmissions(out *bytes.Buffer, gb *Gradebook) {
	for i := range gb.Submissions {
		r := &gb.Submissions[i]
		if r.Error != "" {
			fmt.Fprintf(out, "\n%s: not checked: %s\n", r.Submission, oneLine(r.Error))
		} else if r.Passed() && len(r.Notes) == 0 {
			continue
		} else {
			fmt.Fprintf(out, "\n%s: %d/%d\n", r.Submission, r.Points, r.MaxPoints)
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, e := range r.Exercises {
			said := map[string]string{} // what went wrong -> the check that said it first
			for _, c := range e.Checks {
				if c.Status == results.Pass {
					continue
				}
				name := c.Name
				if !visible(c) {
					name += " (" + strings.ReplaceAll(c.Visibility, "_", " ") + ")"
				}
				place := "-"
				if c.File != "" {
					place = path.Base(c.File)
					if c.Line > 0 {
						place += fmt.Sprintf(":%d", c.Line)
					}
				}
				what := oneLine(problem(c))
				key := c.Kind + "\x00" + c.Message
				if c.Cause != "" {
					key = c.Cause
				}
				if first, ok := said[key]; ok {
					what = "(the same as " + first + ")"
				} else {
					said[key] = c.Name
				}
				fmt.Fprintf(tw, "  %s %s\t%s\t%s\n", e.ID, name, place, what)
			}
		}
		tw.Flush()
		for _, n := range r.Notes {
			fmt.Fprintf(out, "  note: %s\n", oneLine(n))
		}
	}
}

// failureKey is how Groups keys a failure whose check has no Cause
// (results of an older checker): the kind, the file's base name and the
// function there ("race at sumthread.go
// sumthread.RunAll.func1"), or, without a file, what went wrong.
func failureKey(c results.Check) string {
	if c.File == "" {
		return oneLine(problem(c))
	}
	kind := c.Kind
	if kind == "" {
		kind = c.Status
	}
	key := kind + " at " + path.Base(c.File)
	if fn := funcAt(c); fn != "" {
		key += " " + fn
	}
	return key
}

// funcAt is the function at the check's file and line, as its message
// names it ("FILE:LINE in FUNC"), or "".
func funcAt(c results.Check) string {
	if c.File == "" {
		return ""
	}
	re := regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("%s:%d in ", c.File, c.Line)) + `(\S+)`)
	if m := re.FindStringSubmatch(c.Message); m != nil {
		return m[1]
	}
	return ""
}

// oneLine is s on one line: its first line, tabs made spaces.
func oneLine(s string) string {
	return strings.ReplaceAll(firstLine(s), "\t", " ")
}

// clipLine cuts a line longer than TextWidth, ending it in "…".
func clipLine(line string) string {
	body := strings.TrimSuffix(line, "\n")
	if utf8.RuneCountInString(body) <= TextWidth {
		return line
	}
	r := []rune(body)
	return strings.TrimRight(string(r[:TextWidth-1]), " ") + "…" + line[len(body):]
}

// wrapWords breaks s into lines of at most width columns at spaces, every
// line after the first starting with indent; each line ends with a newline.
func wrapWords(s string, width int, indent string) string {
	var b strings.Builder
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width:
			b.WriteString(line + "\n")
			line = indent + word
		default:
			line += " " + word
		}
	}
	if line != "" {
		b.WriteString(line + "\n")
	}
	return b.String()
}
