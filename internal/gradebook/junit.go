package gradebook

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/goconcurrency/workbook/internal/results"
)

// The JUnit XML elements written, as the Jenkins JUnit schema
// (junit-10.xsd) has them, and two attributes it lacks: a testcase's file
// and line, as mikepenz/action-junit-report and GitLab read them.
type (
	// JUnitSuites is the document's root.
	JUnitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr,omitempty"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []JUnitSuite `xml:"testsuite"`
	}
	// JUnitSuite is one submission's exercise.
	JUnitSuite struct {
		Name       string           `xml:"name,attr"`
		Tests      int              `xml:"tests,attr"`
		Failures   int              `xml:"failures,attr"`
		Errors     int              `xml:"errors,attr"`
		Skipped    int              `xml:"skipped,attr"`
		Time       string           `xml:"time,attr"`
		Package    string           `xml:"package,attr,omitempty"`
		Properties *JUnitProperties `xml:"properties,omitempty"`
		Cases      []JUnitCase      `xml:"testcase"`
	}
	// JUnitProperties holds a suite's points.
	JUnitProperties struct {
		Props []JUnitProperty `xml:"property"`
	}
	// JUnitProperty is one name and value.
	JUnitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	// JUnitCase is one check.
	JUnitCase struct {
		Name      string `xml:"name,attr"`
		Classname string `xml:"classname,attr"`
		Time      string `xml:"time,attr"`
		// File and Line are the learner's file and line, when the check
		// has them. The Jenkins schema does not declare them, but
		// action-junit-report and GitLab read them.
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Failure   *JUnitProblem `xml:"failure,omitempty"`
		Error     *JUnitProblem `xml:"error,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	// JUnitProblem is a failure or an error: the kind as its type, the
	// first line of the diagnosis as its message, the evidence as its text.
	JUnitProblem struct {
		Type    string `xml:"type,attr,omitempty"`
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
)

// WriteJUnit writes JUnit XML: one testsuite per submission×exercise (named
// "SUBMISSION/exercise-N"), one testcase per check (classname
// "SUBMISSION.exercise-N.NAME", name the check's name, time in seconds), a
// failure (or error) element whose type is the kind, whose message is the
// first line of the diagnosis and whose text is the whole diagnosis and
// output, and the learner's file and line as the testcase's file and line
// attributes when the check has them. A submission that could not be
// checked is one suite with one erroring case.
func WriteJUnit(w io.Writer, gb *Gradebook) error {
	doc := JUnitSuites{Name: "checker grade"}
	var total int64
	for _, r := range gb.Submissions {
		if r.Error != "" {
			doc.Suites = append(doc.Suites, JUnitSuite{
				Name: r.Submission, Tests: 1, Errors: 1, Time: "0", Package: r.Submission,
				Cases: []JUnitCase{{
					Name: "grade", Classname: r.Submission, Time: "0",
					Error: &JUnitProblem{Type: "error", Message: firstLine(r.Error), Text: r.Error},
				}},
			})
			doc.Tests++
			doc.Errors++
			continue
		}
		for _, e := range r.Exercises {
			s := JUnitSuite{
				Name: r.Submission + "/" + e.ID, Package: r.Submission,
				Properties: &JUnitProperties{Props: []JUnitProperty{
					{Name: "exercise", Value: e.Name},
					{Name: "points", Value: strconv.Itoa(e.Points)},
					{Name: "max_points", Value: strconv.Itoa(e.MaxPoints)},
				}},
			}
			var ms int64
			for _, c := range e.Checks {
				ms += c.DurationMS
				tc := JUnitCase{
					Name:      c.Name,
					Classname: r.Submission + "." + e.ID + "." + e.Name,
					Time:      seconds(c.DurationMS),
					File:      c.File,
					Line:      c.Line,
				}
				switch c.Status {
				case results.Pass:
				case results.Error:
					tc.Error = &JUnitProblem{Type: c.Kind, Message: problem(c), Text: evidence(c)}
					s.Errors++
				default:
					tc.Failure = &JUnitProblem{Type: c.Kind, Message: problem(c), Text: evidence(c)}
					s.Failures++
				}
				if c.Title != "" && c.Status == results.Pass {
					tc.SystemOut = fmt.Sprintf("%s (%d/%d points)", c.Title, c.Points, c.MaxPoints)
				}
				s.Cases = append(s.Cases, tc)
				s.Tests++
			}
			s.Time = seconds(ms)
			total += ms
			doc.Tests += s.Tests
			doc.Failures += s.Failures
			doc.Errors += s.Errors
			doc.Suites = append(doc.Suites, s)
		}
	}
	doc.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// seconds formats milliseconds as JUnit's seconds: "0.812".
func seconds(ms int64) string {
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}
