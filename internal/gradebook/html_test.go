package gradebook

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/textreport"
)

// renderHTML renders gb's class report into a file of dir.
func renderHTML(t testing.TB, gb *Gradebook, dir, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, gb); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pageFacts is what TestHTMLInChromium reads from the laid-out page.
type pageFacts struct {
	Charts []struct {
		ID     string
		Width  float64
		Height float64
		Bars   int
		Label  string
	}
	Groups      []string // the groups' headings
	Causes      []string
	Drawings    []string
	Submissions []string // the submissions' sections' ids
	Broken      []string // in-page links to no id
	External    []string // src and href that are not in the page or data:
	Scripts     int
	Title       string
}

const pageFactsJS = `(() => {
	const q = s => Array.from(document.querySelectorAll(s));
	const ids = new Set(q('[id]').map(e => e.id));
	return {
		Charts: q('svg.bars').map(s => { const r = s.getBoundingClientRect(); return {ID: s.closest('figure').id, Width: r.width, Height: r.height,
			Bars: s.querySelectorAll('rect.bar').length, Label: s.getAttribute('aria-label')}; }),
		Groups: q('#causes h3.group-head').map(h => h.textContent),
		Causes: q('#causes .cause code').map(c => c.textContent),
		Drawings: q('#causes pre.drawing').map(p => p.textContent),
		Submissions: q('article.submission').map(a => a.id),
		Broken: q('a[href^="#"]').map(a => a.getAttribute('href').slice(1)).filter(id => !ids.has(id)),
		External: q('[src],[href]').map(e => e.getAttribute('src') || e.getAttribute('href')).filter(u => !u.startsWith('#') && !u.startsWith('data:')),
		Scripts: q('script').length,
		Title: document.title,
	};
})()`

// TestHTMLInChromium opens the class reports of the golden class and of
// the graded sample class in headless Chromium: the page loads with no
// console message, exception, warning or request; it holds a chart per
// exercise and one for the class, laid out and painted, and the groups of
// Groups in order with their causes and drawings; every in-page link
// lands. First it makes sure that it would see the faults it looks for.
func TestHTMLInChromium(t *testing.T) {
	b := startBrowser(t, 1280, 2000)
	dir := t.TempDir()

	t.Run("faults are seen", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.html")
		os.WriteFile(bad, []byte(`<!DOCTYPE html><html><head><title>bad</title></head><body><p>bad</p><script>nosuch()</script></body></html>`), 0o644)
		if err := b.open(fileURL(t, bad)); err != nil {
			t.Fatal(err)
		}
		if p := b.problems(fileURL(t, bad)); !strings.Contains(strings.Join(p, "\n"), "nosuch") {
			t.Errorf("a page with an uncaught exception: got problems %q, want it named", p)
		}
		// The report with a script and an image from the network slipped
		// in: its policy refuses both, and the browser says so.
		var buf bytes.Buffer
		if err := WriteHTML(&buf, class()); err != nil {
			t.Fatal(err)
		}
		injected := strings.Replace(buf.String(), "</main>", `<script>document.title = "ran"</script><img src="http://127.0.0.1:9/x.png"></main>`, 1)
		path := filepath.Join(dir, "injected.html")
		os.WriteFile(path, []byte(injected), 0o644)
		if err := b.open(fileURL(t, path)); err != nil {
			t.Fatal(err)
		}
		var facts pageFacts
		if err := b.eval(pageFactsJS, &facts); err != nil {
			t.Fatal(err)
		}
		if facts.Title == "ran" {
			t.Errorf("got the injected script run, want the page's policy to refuse it")
		}
		p := strings.Join(b.problems(fileURL(t, path)), "\n")
		for _, want := range []string{"inline script violates", "request: http://127.0.0.1:9/x.png", "(blocked: csp)"} {
			if !strings.Contains(p, want) {
				t.Errorf("a report with a script and an image injected: got problems\n%s\nwant one saying %q", p, want)
			}
		}
	})

	cases := []struct {
		name string
		gb   *Gradebook
	}{{"golden class", class()}, {"sample class", sample(t)}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := renderHTML(t, tc.gb, dir, strings.ReplaceAll(tc.name, " ", "-")+".html")
			url := fileURL(t, path)
			if err := b.open(url); err != nil {
				t.Fatal(err)
			}
			var facts pageFacts
			if err := b.eval(pageFactsJS, &facts); err != nil {
				t.Fatal(err)
			}
			if p := b.problems(url); len(p) > 0 {
				t.Errorf("got problems on the page, want none:\n%s", strings.Join(p, "\n"))
			}
			checkFacts(t, tc.gb, facts)

			// What is painted: the class's chart has its bars (blue, and
			// green for full marks where there are any), the first group
			// its drawing on dark ground.
			r, err := b.rectOf("#chart-class svg")
			if err != nil {
				t.Fatal(err)
			}
			img := screenshotImage(t, b, r)
			if n := countColor(img, color.RGBA{0x4f, 0x7c, 0xc0, 0xff}) + countColor(img, color.RGBA{0x3f, 0x9a, 0x5e, 0xff}); n < 300 {
				t.Errorf("got %d pixels of the bars' colours in the class chart's screenshot, want its bars painted", n)
			}
			r, err = b.rectOf("#causes article")
			if err != nil {
				t.Fatal(err)
			}
			img = screenshotImage(t, b, r)
			if n := countColor(img, color.RGBA{0x1f, 0x24, 0x30, 0xff}); n < 5000 {
				t.Errorf("got %d pixels of the drawing's ground in the first group's screenshot, want its drawing painted", n)
			}
			// And the whole first screen, as a viewer opens it.
			img = screenshotImage(t, b, rect{0, 0, 1280, 2000})
			if got := img.Bounds().Size(); got != (image.Point{1280, 2000}) {
				t.Errorf("got a screenshot of %v, want 1280×2000", got)
			}
		})
	}
}

// checkFacts holds the page's facts to what gb should show.
func checkFacts(t *testing.T, gb *Gradebook, f pageFacts) {
	t.Helper()
	cols := columns(gb)
	if len(f.Charts) != 1+len(cols) {
		t.Errorf("got %d charts, want %d: the class's and one per exercise", len(f.Charts), 1+len(cols))
	}
	for i, c := range f.Charts {
		wantID := "chart-class"
		if i > 0 && i-1 < len(cols) {
			wantID = "ex-" + cols[i-1].ID
		}
		if c.ID != wantID || c.Width < 300 || c.Height < 100 || c.Bars < 2 || c.Label == "" {
			t.Errorf("chart %d: got %+v, want %s laid out at least 300×100 with its bars and a label", i, c, wantID)
		}
	}
	groups := Groups(gb)
	if len(f.Groups) != len(groups) || len(f.Causes) != len(groups) || len(f.Drawings) != len(groups) {
		t.Fatalf("got %d group headings, %d causes and %d drawings, want %d of each", len(f.Groups), len(f.Causes), len(f.Drawings), len(groups))
	}
	for i, g := range groups {
		head := fmt.Sprintf("%d %s · %s · %s %s", len(g.Submissions), plural(len(g.Submissions), "submission"), g.Kind, g.Exercise, g.ExerciseName)
		if f.Groups[i] != head {
			t.Errorf("group %d: got heading %q, want %q", i+1, f.Groups[i], head)
		}
		if want := sayCause(g.Cause); f.Causes[i] != want {
			t.Errorf("group %d: got cause %q, want %q", i+1, f.Causes[i], want)
		}
		_, c, ok := exampleCheck(gb, g)
		if !ok {
			t.Fatalf("group %d: no example %+v", i+1, g.Example)
		}
		want := strings.Join(textreport.Drawing(c.Evidence), "\n")
		if want == "" {
			want = learnerText(*c)
		}
		if f.Drawings[i] != want {
			t.Errorf("group %d: got the example\n%s\nwant\n%s", i+1, f.Drawings[i], want)
		}
	}
	if len(f.Submissions) != len(gb.Submissions) {
		t.Errorf("got %d submissions' sections, want %d", len(f.Submissions), len(gb.Submissions))
	}
	if len(f.Broken) > 0 || len(f.External) > 0 || f.Scripts > 0 {
		t.Errorf("got links to nowhere %q, external resources %q and %d scripts, want none", f.Broken, f.External, f.Scripts)
	}
}

// screenshotImage takes a screenshot of r and decodes it.
func screenshotImage(t *testing.T, b *browser, r rect) image.Image {
	t.Helper()
	data, err := b.screenshot(r)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("got a screenshot that is not a PNG: %v", err)
	}
	return img
}

// countColor counts the pixels of img within a little of c.
func countColor(img image.Image, c color.RGBA) int {
	n := 0
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -6 && d < 6 }
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(b, c.B) {
				n++
			}
		}
	}
	return n
}

// Everything a learner wrote is escaped, terminal escapes do not pass,
// ids are made from any name and every in-page link lands.
func TestHTMLEscapes(t *testing.T) {
	evil := `<script>alert("x")</script> & "co"`
	c := results.Check{Name: "c<1>", Title: `<b>bold</b>`, Status: results.Fail, Kind: "wrong", MaxPoints: 1,
		Message: "got </pre><img src=x onerror=alert(1)>\x1b[31mred\x1b[0m\x07bell", Cause: "wrong: got </pre><img …>",
		Output: "\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ \xff", Printed: "\x00nul"}
	r := results.Run{Version: results.Version, Submission: evil, Exercises: []results.Exercise{{ID: "exercise-1", Name: "x", Checks: []results.Check{c}}}}
	r.Total()
	r2 := r
	r2.Submission = "two words/and a slash"
	var buf bytes.Buffer
	if err := WriteHTML(&buf, New([]results.Run{r, r2})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "<img", "<b>bold", "\x1b", "\x07", "\x00", "\xff", "file:///etc/passwd"} {
		if strings.Contains(out, bad) {
			t.Errorf("got %q in the report, want it escaped or removed", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;co&#34;", "&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;red␇bell", "␀nul", "link \uFFFD"} {
		if !strings.Contains(out, want) {
			t.Errorf("got no %q in the report, want the learner's text shown escaped", want)
		}
	}
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		ids[m[1]]++
		if !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(m[1]) {
			t.Errorf("got id %q, want letters, digits, - and _ only", m[1])
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("got id %q %d times, want each once", id, n)
		}
	}
	for _, m := range regexp.MustCompile(` href="#([^"]*)"`).FindAllStringSubmatch(out, -1) {
		if ids[m[1]] == 0 {
			t.Errorf("got a link to #%s, want every link to land on an id", m[1])
		}
	}
}

// Hidden checks are in the report, marked; a class that passed says so.
func TestHTMLHiddenAndEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, class()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`stress <span class="badge">hidden</span>`, `close-in-use <span class="badge">after due date</span>`} {
		if !strings.Contains(out, want) {
			t.Errorf("got no %q, want hidden checks shown and marked", want)
		}
	}
	buf.Reset()
	if err := WriteHTML(&buf, New(class().Submissions[:1])); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No check failed.") || strings.Contains(buf.String(), `class="group `) {
		t.Errorf("got a report of alice alone without \"No check failed.\", or with groups")
	}
}

// TestSampleGolden holds the reports of the graded sample class to their
// golden files: the text (its class summary lists the causes) and the
// groups with their drawn examples, as an instructor reads them. (Its
// html is opened in TestHTMLInChromium; html.golden is the golden class's.)
func TestSampleGolden(t *testing.T) {
	gb := sample(t)
	var text bytes.Buffer
	if err := WriteText(&text, gb); err != nil {
		t.Fatal(err)
	}
	var groups bytes.Buffer
	for i, g := range Groups(gb) {
		fmt.Fprintf(&groups, "=== %d. %d %s, %s %s, %s\n%s\n", i+1, len(g.Submissions), plural(len(g.Submissions), "submission"), g.Exercise, g.ExerciseName, g.Kind, g.Cause)
		var checks []string
		for _, c := range g.Checks {
			checks = append(checks, c.Name)
		}
		for _, c := range g.Causes[min(1, len(g.Causes)):] {
			fmt.Fprintf(&groups, "also: %s\n", c)
		}
		fmt.Fprintf(&groups, "checks: %s\nsubmissions: %s\nexample: %s, check %s\n", strings.Join(checks, ", "), strings.Join(g.Submissions, ", "), g.Example.Submission, g.Example.Check)
		if _, c, ok := exampleCheck(gb, g); ok {
			if d := textreport.Drawing(c.Evidence); d != nil {
				groups.WriteString(strings.Join(d, "\n") + "\n")
			}
		}
	}
	for name, got := range map[string][]byte{"sample-text.golden": text.Bytes(), "sample-groups.golden": groups.Bytes()} {
		checkGolden(t, name, got)
	}
}

// checkGolden compares got with testdata/golden/name (-update rewrites it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got output that differs from %s at line %d (go test -update rewrites it)", path, diffLine(got, want))
	}
}

// An exercise's chart has a bar per score, or per range past 20 bars,
// and full marks a bar of their own; every score is counted once.
func TestPointsChart(t *testing.T) {
	cases := []struct {
		most   int
		scores []int
		labels string
		counts string
	}{
		{0, []int{0, 0}, "0", "2"},
		{3, []int{0, 3, 3, 2}, "0 1 2 3", "1 0 1 2"},
		{19, []int{19, 18, 0}, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", "1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1"},
		{41, []int{41, 40, 39, 0, 2, 3}, "0 3 6 9 12 15 18 21 24 27 30 33 36 39 41", "2 1 0 0 0 0 0 0 0 0 0 0 0 2 1"},
	}
	for _, c := range cases {
		ch := pointsChart(c.scores, c.most, "x")
		var labels, counts []string
		for _, b := range ch.Bars {
			labels = append(labels, b.Label)
			counts = append(counts, fmt.Sprint(b.Count))
		}
		if got := strings.Join(labels, " "); got != c.labels {
			t.Errorf("most %d: got bars %q, want %q", c.most, got, c.labels)
		}
		if got := strings.Join(counts, " "); got != c.counts {
			t.Errorf("most %d: got counts %q, want %q", c.most, got, c.counts)
		}
		if c.most > 0 && ch.Bars[len(ch.Bars)-1].Class != "full" {
			t.Errorf("most %d: got the last bar %+v, want it marked full", c.most, ch.Bars[len(ch.Bars)-1])
		}
		for _, b := range ch.Bars {
			if b.X < chartSide || b.X+b.W > ch.Width-chartSide+1 || b.Y < chartTop-1 || b.Y+b.H != ch.BaseY {
				t.Errorf("most %d: got bar %+v outside the chart %dx%d", c.most, b, ch.Width, ch.Height)
			}
		}
	}
}
