package gradebook

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/textreport"
)

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("class").Funcs(template.FuncMap{
	"plural": plural,
}).Parse(htmlSource))

// htmlOutputCap is the most bytes of a check's output or prints the html
// format shows; the json format holds all the checker kept.
const htmlOutputCap = 8 << 10

// kindOrder is the order of the diagnosis kinds in the report's table.
var kindOrder = []string{"compile", "wrong", "race", "deadlock", "leak", "timeout", "panic", "sequential", "error"}

// WriteHTML writes the html format, the instructor's class report: one
// self-contained file (inline CSS, charts as inline SVG, no script, no
// font or image to fetch: its Content-Security-Policy forbids them) with
//
//   - the distribution of scores, for the whole class and per exercise,
//     as bar charts;
//   - a table of exercise × failure kind: how many submissions failed
//     each exercise each way;
//   - the failures grouped by cause across submissions (Groups), most
//     common first, each with its submissions and one example drawn as
//     the learner saw it (textreport.Drawing);
//   - a section per submission, reached from a table of contents: its
//     points, every check, and each failure as the learner's terminal
//     showed it, with what the code printed and the check's full output
//     folded away.
//
// Hidden checks are shown, marked. Everything a learner wrote (names,
// messages, output, prints) is escaped; terminal escapes are removed and
// other control characters shown as their pictures (␛, ␀).
//
// The charts are drawn by the template, as SVG, rather than by a charting
// library: a library would put its JavaScript (tens to hundreds of KiB)
// into every report, need script to run when it is opened (which the
// policy would then have to allow), and make what a screenshot or a
// printout shows depend on when it finished drawing. Bars of counts need
// none of that, and SVG prints sharp.
func WriteHTML(w io.Writer, gb *Gradebook) error {
	page := htmlPageOf(gb)
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type htmlPage struct {
	Title        string
	Shard        string
	Sandbox      string
	Count        int // submissions
	Checked      int
	NotChecked   []htmlLink
	Total        string // "mean 31.5 of 67"
	Class        chart
	Exercises    []htmlExercise
	Kinds        []string
	KindRows     []kindRow
	KindTotal    kindRow
	Groups       []htmlGroup
	Columns      []column
	Submissions  []htmlSub
	NoGroupsNote string
}

type htmlLink struct{ Text, ID string }

type htmlExercise struct {
	ID, Name string
	Anchor   string
	Chart    chart
	Caption  string
}

// chart is a bar chart drawn as SVG.
type chart struct {
	Label         string // what it shows, for screen readers
	Width, Height int
	Bars          []bar
	BaseY         int // the baseline's y
	Left, Right   int
	XTitle        string
	XTitleX       int
	XTitleY       int
}

type bar struct {
	X, Y, W, H     int
	Count          int
	CountX, CountY int // where its count is written
	Label          string
	LabelX, LabelY int
	Tip            string
	Class          string
}

type kindRow struct {
	Exercise, Name string
	Checked        int
	Passed         int
	Cells          []kindCell
}

type kindCell struct {
	Count int
	Heat  int    // 0 (none) to 5 (most)
	Link  string // the anchor of the first group of this exercise and kind
}

type htmlGroup struct {
	Anchor      string
	Count       int
	Exercise    string
	Name        string
	ExAnchor    string
	Kind        string
	Cause       string
	More        []string // the group's other causes
	Checks      []htmlCheckName
	Submissions []htmlLink
	Example     htmlLink // the submission
	ExampleOf   string   // the check's name
	Drawing     string   // the drawing, or the learner's text where there is none
	Drawn       bool
}

type htmlCheckName struct {
	Name, Title string
	Hidden      string // "", "hidden" or "after due date"
}

type htmlSub struct {
	Name      string
	Anchor    string
	Points    string
	Status    string // "graded", "not checked", "error"
	Error     string
	Notes     []string
	Cells     []string // per column: "3/5" or "-"
	Failed    int
	Exercises []htmlSubExercise
}

type htmlSubExercise struct {
	ID, Name string
	Points   string
	Status   string
	Checks   []htmlCheck
}

type htmlCheck struct {
	Name, Title string
	Hidden      string
	Status      string
	Kind        string
	Where       string
	Points      string
	Anchor      string
	Learner     string // what the learner's terminal showed for it
	SameAs      string // an earlier check of the exercise that failed for the same cause
	Output      string
	Printed     string
}

// htmlPageOf gathers what the report shows.
func htmlPageOf(gb *Gradebook) htmlPage {
	cols := columns(gb)
	anchors := newAnchors()
	subAnchor := map[string]string{}
	for _, r := range gb.Submissions {
		subAnchor[r.Submission] = anchors.make("sub-", r.Submission)
	}
	exAnchor := map[string]string{}
	for _, c := range cols {
		exAnchor[c.ID] = anchors.make("ex-", c.ID)
	}
	p := htmlPage{Title: "Class report", Sandbox: gb.Sandbox, Count: len(gb.Submissions), Columns: cols}
	if gb.Shard != nil && *gb.Shard != (Shard{1, 1}) {
		p.Shard = gb.Shard.String()
		p.Title += " (shard " + p.Shard + ")"
	}
	most := 0
	for _, c := range cols {
		most += c.MaxPoints
	}
	var totals []int
	for _, r := range gb.Submissions {
		if r.Error != "" {
			p.NotChecked = append(p.NotChecked, htmlLink{r.Submission, subAnchor[r.Submission]})
			continue
		}
		p.Checked++
		totals = append(totals, r.Points)
	}
	p.Total = summaryOf(totals, most)
	p.Class = classChart(totals, most)
	for _, c := range cols {
		s := statsOf(gb, c)
		ex := htmlExercise{ID: c.ID, Name: c.Name, Anchor: exAnchor[c.ID], Chart: pointsChart(s.scores, c.MaxPoints, c.ID+" "+c.Name)}
		ex.Caption = summaryOf(s.scores, c.MaxPoints)
		if s.checked > 0 {
			ex.Caption += fmt.Sprintf("; %d of %d passed every check", s.passed, s.checked)
		}
		p.Exercises = append(p.Exercises, ex)
	}

	groups := Groups(gb)
	groupAnchor := make([]string, len(groups))
	for i := range groups {
		groupAnchor[i] = anchors.make("cause-", fmt.Sprint(i+1))
	}
	p.Kinds, p.KindRows, p.KindTotal = kindTable(gb, cols, groups, groupAnchor)
	for i, g := range groups {
		hg := htmlGroup{Anchor: groupAnchor[i], Count: len(g.Submissions), Exercise: g.Exercise, Name: g.ExerciseName,
			ExAnchor: exAnchor[g.Exercise], Kind: g.Kind, Cause: clean(sayCause(g.Cause)), ExampleOf: g.Example.Check,
			Example: htmlLink{g.Example.Submission, subAnchor[g.Example.Submission]}}
		for _, c := range g.Causes[min(1, len(g.Causes)):] {
			hg.More = append(hg.More, clean(sayCause(c)))
		}
		for _, c := range g.Checks {
			hg.Checks = append(hg.Checks, htmlCheckName{Name: c.Name, Title: c.Title, Hidden: hiddenMark(c.Visibility)})
		}
		for _, s := range g.Submissions {
			hg.Submissions = append(hg.Submissions, htmlLink{s, subAnchor[s]})
		}
		if _, c, ok := exampleCheck(gb, g); ok {
			if d := textreport.Drawing(c.Evidence); d != nil {
				hg.Drawing, hg.Drawn = clean(strings.Join(d, "\n")), true
			} else {
				hg.Drawing = learnerText(*c)
			}
		}
		p.Groups = append(p.Groups, hg)
	}
	if len(groups) == 0 {
		p.NoGroupsNote = "No check failed."
	}

	for i := range gb.Submissions {
		p.Submissions = append(p.Submissions, htmlSubOf(&gb.Submissions[i], cols, subAnchor[gb.Submissions[i].Submission], anchors))
	}
	return p
}

// summaryOf says the mean and median of scores out of most.
func summaryOf(scores []int, most int) string {
	if len(scores) == 0 {
		return "no submission checked"
	}
	sum := 0
	sorted := append([]int(nil), scores...)
	sort.Ints(sorted)
	for _, s := range scores {
		sum += s
	}
	n := len(sorted)
	median := float64(sorted[n/2])
	if n%2 == 0 {
		median = float64(sorted[n/2-1]+sorted[n/2]) / 2
	}
	return fmt.Sprintf("mean %s, median %s of %d points", decimal(float64(sum)/float64(n)), decimal(median), most)
}

// decimal writes x with one decimal, none when it is whole.
func decimal(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// The charts' geometry, in SVG pixels.
const (
	chartHeight = 170
	chartTop    = 18 // room for the counts above the bars
	chartBottom = 40 // room for the labels and the axis title below
	chartSide   = 8
)

// classChart is the distribution of the class's totals, as a percentage
// of most, in bins of ten points (0–9 … 90–99) and full marks (100).
func classChart(totals []int, most int) chart {
	counts := make([]int, 11)
	for _, t := range totals {
		pct := 0
		if most > 0 {
			pct = t * 100 / most
		}
		counts[min(max(pct/10, 0), 10)]++
	}
	labels := make([]string, 11)
	tips := make([]string, 11)
	for i := range 10 {
		labels[i] = fmt.Sprintf("%d–%d", i*10, i*10+9)
		tips[i] = fmt.Sprintf("%d%% to %d%% of the points", i*10, i*10+9)
	}
	labels[10], tips[10] = "100", "every point"
	c := barChart(720, counts, labels, tips, "% of the points")
	c.Label = fmt.Sprintf("the whole class: how many submissions scored each share of the %d points", most)
	for i := range c.Bars {
		if i == 10 {
			c.Bars[i].Class = "full"
		}
	}
	return c
}

// pointsChart is the distribution of one exercise's points: a bar per
// score from 0 to most, or, past 20 bars, per range of scores (labelled by
// where it starts); full marks always have a bar of their own.
func pointsChart(scores []int, most int, what string) chart {
	step := 1
	bars := func() int { return (most+step-1)/step + 1 }
	for bars() > 20 {
		step++
	}
	n := bars()
	counts := make([]int, n)
	labels := make([]string, n)
	tips := make([]string, n)
	for i := range n {
		lo, hi := i*step, min(i*step+step-1, most-1)
		if i == n-1 {
			lo, hi = most, most
		}
		labels[i] = fmt.Sprint(lo)
		tips[i] = fmt.Sprintf("%d %s", lo, plural(lo, "point"))
		if hi > lo {
			tips[i] = fmt.Sprintf("%d to %d points", lo, hi)
		}
	}
	for _, s := range scores {
		switch {
		case s >= most:
			counts[n-1]++
		default:
			counts[min(max(s/step, 0), n-2)]++
		}
	}
	title := "points"
	if step > 1 {
		title = fmt.Sprintf("points, %d to a bar", step)
	}
	c := barChart(340, counts, labels, tips, title)
	c.Label = fmt.Sprintf("%s: how many submissions scored each number of its %d points", what, most)
	if most > 0 {
		c.Bars[n-1].Class = "full"
	}
	return c
}

// barChart lays out bars of counts, labelled, in a chart width wide.
func barChart(width int, counts []int, labels, tips []string, xTitle string) chart {
	c := chart{Width: width, Height: chartHeight, Left: chartSide, Right: width - chartSide, XTitle: xTitle}
	c.BaseY = chartHeight - chartBottom
	c.XTitleX, c.XTitleY = width/2, chartHeight-6
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	slot := float64(width-2*chartSide) / float64(len(counts))
	gap := max(2, int(slot/6))
	for i, n := range counts {
		x := chartSide + int(math.Round(float64(i)*slot))
		w := int(math.Round(float64(i+1)*slot)) - int(math.Round(float64(i)*slot)) - gap
		h := 0
		if top > 0 {
			h = int(math.Round(float64(n) * float64(c.BaseY-chartTop) / float64(top)))
		}
		if n > 0 && h < 2 {
			h = 2
		}
		b := bar{X: x + gap/2, Y: c.BaseY - h, W: w, H: h, Count: n, Label: labels[i],
			CountX: x + gap/2 + w/2, CountY: c.BaseY - h - 4, LabelX: x + gap/2 + w/2, LabelY: c.BaseY + 14,
			Tip: fmt.Sprintf("%s: %d %s", tips[i], n, plural(n, "submission"))}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// kindTable counts, per exercise and kind, the checked submissions that
// failed the exercise that way (in any of its checks).
func kindTable(gb *Gradebook, cols []column, groups []Group, groupAnchor []string) ([]string, []kindRow, kindRow) {
	type key struct{ exercise, kind string }
	subs := map[key]map[string]bool{}
	present := map[string]bool{}
	for _, r := range gb.Submissions {
		if r.Error != "" {
			continue
		}
		for _, e := range r.Exercises {
			for _, c := range e.Checks {
				if c.Status == results.Pass {
					continue
				}
				kind := c.Kind
				if kind == "" {
					kind = c.Status
				}
				present[kind] = true
				k := key{e.ID, kind}
				if subs[k] == nil {
					subs[k] = map[string]bool{}
				}
				subs[k][r.Submission] = true
				any := key{"", kind}
				if subs[any] == nil {
					subs[any] = map[string]bool{}
				}
				subs[any][r.Submission] = true
			}
		}
	}
	var kinds []string
	known := map[string]bool{}
	for _, k := range kindOrder {
		known[k] = true
		if present[k] {
			kinds = append(kinds, k)
		}
	}
	var others []string
	for k := range present {
		if !known[k] {
			others = append(others, k)
		}
	}
	sort.Strings(others)
	kinds = append(kinds, others...)
	first := map[key]string{}
	for i, g := range groups {
		if _, ok := first[key{g.Exercise, g.Kind}]; !ok {
			first[key{g.Exercise, g.Kind}] = groupAnchor[i]
		}
	}
	top := 0
	for _, m := range subs {
		top = max(top, len(m))
	}
	cells := func(exercise string) []kindCell {
		var out []kindCell
		for _, k := range kinds {
			n := len(subs[key{exercise, k}])
			cell := kindCell{Count: n, Link: first[key{exercise, k}]}
			if n > 0 && top > 0 {
				cell.Heat = 1 + (n*4+top-1)/top
				cell.Heat = min(cell.Heat, 5)
			}
			out = append(out, cell)
		}
		return out
	}
	var rows []kindRow
	for _, c := range cols {
		s := statsOf(gb, c)
		rows = append(rows, kindRow{Exercise: c.ID, Name: c.Name, Checked: s.checked, Passed: s.passed, Cells: cells(c.ID)})
	}
	total := kindRow{Exercise: "any exercise", Cells: cells("")}
	for _, r := range gb.Submissions {
		if r.Error == "" {
			total.Checked++
			if r.Passed() {
				total.Passed++
			}
		}
	}
	return kinds, rows, total
}

// htmlSubOf is one submission's section.
func htmlSubOf(r *results.Run, cols []column, anchor string, anchors *anchors) htmlSub {
	s := htmlSub{Name: r.Submission, Anchor: anchor, Points: fmt.Sprintf("%d/%d", r.Points, r.MaxPoints), Status: csvStatus(r)}
	if r.Error != "" {
		s.Error = clean(r.Error)
		s.Points = "not checked"
	}
	for _, n := range r.Notes {
		s.Notes = append(s.Notes, clean(n))
	}
	for _, c := range cols {
		cell := "-"
		if e, ok := find(r, c.ID); ok {
			cell = fmt.Sprintf("%d/%d", e.Points, e.MaxPoints)
		}
		s.Cells = append(s.Cells, cell)
	}
	for _, e := range r.Exercises {
		se := htmlSubExercise{ID: e.ID, Name: e.Name, Points: fmt.Sprintf("%d/%d", e.Points, e.MaxPoints), Status: e.Status}
		said := map[string]string{} // the cause -> the check that showed it first
		for _, c := range e.Checks {
			hc := htmlCheck{Name: c.Name, Title: title(c), Hidden: hiddenMark(c.Visibility), Status: c.Status, Kind: c.Kind,
				Where: where(c), Points: fmt.Sprintf("%d/%d", c.Points, c.MaxPoints)}
			if c.Status != results.Pass {
				s.Failed++
				hc.Anchor = anchors.make(anchor+"-", e.ID+"-"+c.Name)
				key := causeOf(c)
				if first, ok := said[key]; ok {
					hc.SameAs = first
				} else {
					said[key] = c.Name
					hc.Learner = learnerText(c)
				}
				hc.Output = capped(c.Output)
				hc.Printed = capped(c.Printed)
			}
			se.Checks = append(se.Checks, hc)
		}
		s.Exercises = append(s.Exercises, se)
	}
	return s
}

// learnerText is a failed check as the learner's terminal shows it (no
// colour): its title, kind and place, and its message with the evidence
// drawn; the exercise's heading left out.
func learnerText(c results.Check) string {
	var buf bytes.Buffer
	p := textreport.Printer{W: &buf, Command: "checker"}
	p.Exercise(results.Exercise{Checks: []results.Check{c}})
	_, body, _ := strings.Cut(buf.String(), "\n") // the exercise's line
	return clean(strings.Trim(body, "\n"))
}

// capped is s cleaned, cut to htmlOutputCap bytes with a line saying how
// much more there was.
func capped(s string) string {
	s = strings.TrimRight(s, "\n")
	if len(s) <= htmlOutputCap {
		return clean(s)
	}
	cut := htmlOutputCap
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return clean(s[:cut]) + fmt.Sprintf("\n… %d more bytes (the json format holds all the checker kept)", len(s)-cut)
}

// ansi matches a terminal's escape sequences: colours, cursor moves,
// OSC 8 links.
var ansi = regexp.MustCompile(`\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\))`)

// clean is s as plain text to show: valid UTF-8, terminal escapes
// removed, every other control character but newline and tab shown as
// its Unicode picture (␛, ␀). html/template escapes what is left.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = ansi.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case r < 0x20:
			return 0x2400 + r
		case r == 0x7f:
			return '\u2421'
		case unicode.Is(unicode.Cc, r), r == '\u2028', r == '\u2029':
			return '\uFFFD'
		}
		return r
	}, s)
}

// hiddenMark is how the report marks a check learners do not see: "" for
// a visible one.
func hiddenMark(visibility string) string {
	if visible(results.Check{Visibility: visibility}) {
		return ""
	}
	return strings.ReplaceAll(visibility, "_", " ")
}

// anchors makes the ids of the report's sections: readable, from
// learners' names, and unique.
type anchors struct{ used map[string]bool }

func newAnchors() *anchors { return &anchors{used: map[string]bool{}} }

// make is prefix+name with every character but letters, digits, - and _
// made "-", and a number added when that id is taken.
func (a *anchors) make(prefix, name string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range name {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	id := b.String()
	for n := 2; a.used[id]; n++ {
		id = fmt.Sprintf("%s-%d", b.String(), n)
	}
	a.used[id] = true
	return id
}
