package gradebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// ClassroomLimit is the most bytes of base64 the classroom format writes
// for one submission. The reporter reads the result from an environment
// variable, and Linux refuses to start a program with any one environment
// string over 128 KiB; half of that leaves room for the rest.
const ClassroomLimit = 64 << 10

// ClassroomCommand is how a learner runs the checker in their own
// repository: each classroom test's test_code starts with it.
const ClassroomCommand = "go run ./checker"

// ClassroomResult is the result a GitHub Classroom autograding grader
// action hands to the grading reporter
// (classroom-resources/autograding-grading-reporter).
type ClassroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"` // pass, fail or error
	MaxScore int             `json:"max_score"`
	Tests    []ClassroomTest `json:"tests"`
}

// ClassroomTest is one check, or one part of a check worth several units
// of points (see Classroom).
type ClassroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"` // pass, fail or error
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"` // milliseconds
}

// Classroom converts one submission's results to the reporter's form, as
// learners see them (hidden checks left out, see the package doc).
//
// The reporter records the sum of the tests' scores out of max_score, but
// prints, for the learner, the share of tests passed times max_score: the
// two agree only when every test is worth the same. So the unit is the
// greatest common divisor of the checks' points, and a check worth k units
// is k tests of one unit each ("… [part 2 of 3]"); a check worth no points
// is left out. max_score is the points of the checks learners see.
//
// A failed test's message is short: what went wrong and where, in a line
// or two of the diagnosis, never the check's output. The reporter prints the message
// only of a test whose status is error, and not its name, so such a
// message starts with the name. test_code is the command that re-runs
// the check in the learner's repository
// (ClassroomCommand -run '^NAME$' exercise-N).
//
// A submission that could not be checked is one erroring test with score
// 0 out of opts.MaxPoints, so that its zero counts. When the result would
// take more than ClassroomLimit bytes of base64, messages, then names,
// are made shorter until it fits; one that cannot fit even so is an error.
func Classroom(r results.Run, opts Options) (ClassroomResult, error) {
	for level := range classroomLevels {
		cr := classroom(r, opts, level)
		n, err := classroomSize(cr)
		if err != nil {
			return ClassroomResult{}, err
		}
		if n <= ClassroomLimit {
			return cr, nil
		}
	}
	return ClassroomResult{}, fmt.Errorf("the GitHub Classroom result of %s takes over %d bytes of base64 even with its messages cut: too many points' worth of tests for the reporter's environment variable", r.Submission, ClassroomLimit)
}

// classroomLevels is how many ways Classroom has of writing a result,
// each shorter than the one before.
const classroomLevels = 4

// classroom is Classroom's result, its texts as short as level says:
// 0 a message of two lines, up to 300 characters; 1 one line of 100;
// 2 a message only for erroring tests, names of 80 characters; 3 no
// message but an erroring test's 60 characters, names "exercise-N #K",
// no test_code or filename.
func classroom(r results.Run, opts Options, level int) ClassroomResult {
	r = learnerView(r)
	cr := ClassroomResult{Version: 1, Status: results.Pass, MaxScore: r.MaxPoints, Tests: []ClassroomTest{}}
	if r.Error != "" {
		cr.Status, cr.MaxScore = results.Error, opts.MaxPoints
		cr.Tests = append(cr.Tests, ClassroomTest{
			Name: "not checked", Status: results.Error,
			Message:  classroomMessage("not checked: "+r.Error, level),
			TestCode: ClassroomCommand + " all",
		})
		return cr
	}
	unit := 0
	for _, e := range r.Exercises {
		for _, c := range e.Checks {
			unit = gcd(gcd(unit, c.MaxPoints), c.Points)
		}
	}
	cr.MaxScore = 0
	for _, e := range r.Exercises {
		for k, c := range e.Checks {
			if c.MaxPoints <= 0 {
				continue
			}
			parts, won := c.MaxPoints/unit, c.Points/unit
			for i := range parts {
				t := ClassroomTest{Status: c.Status, TestCode: rerun(ClassroomCommand, e, c), Filename: c.File, LineNo: c.Line}
				switch {
				case i < won:
					t.Status, t.Score = results.Pass, unit
				case c.Status == results.Pass:
					t.Status = results.Fail // passed, but not for every point
				}
				if i == 0 {
					t.Duration = c.DurationMS
				}
				t.Name = fmt.Sprintf("%s %s: %s", e.ID, e.Name, title(c))
				if parts > 1 {
					t.Name += fmt.Sprintf(" [part %d of %d]", i+1, parts)
				}
				switch level {
				case 2:
					t.Name = clip(t.Name, 80)
				case 3:
					t.Name = fmt.Sprintf("%s #%d", e.ID, k+1)
					if parts > 1 {
						t.Name += fmt.Sprintf(".%d", i+1)
					}
					t.TestCode, t.Filename = "", ""
				}
				if t.Status != results.Pass {
					t.Message = classroomMessage(shortDiagnosis(c), level)
					if t.Status == results.Error && t.Message != "" {
						t.Message = t.Name + ": " + t.Message
					}
					if t.Status == results.Fail {
						if level >= 2 {
							t.Message = ""
						}
						cr.Status = results.Fail
					} else if cr.Status == results.Pass {
						cr.Status = results.Error
					}
				}
				cr.MaxScore += unit
				cr.Tests = append(cr.Tests, t)
			}
		}
	}
	return cr
}

// shortDiagnosis is what went wrong with a check in a line or two: its
// problem, and the first other line of its message that names the
// learner's file (where the race, the panic, the blocked goroutine is).
func shortDiagnosis(c results.Check) string {
	head := problem(c)
	if c.File == "" {
		return head
	}
	for _, line := range strings.Split(c.Message, "\n")[1:] {
		line = strings.TrimSpace(line)
		if strings.Contains(line, c.File) && !strings.Contains(head, line) {
			return head + "\n" + line
		}
	}
	return head
}

// classroomMessage is a diagnosis cut short for a test's message at
// level: two lines of at most 300 characters, one of 100, or (level 3)
// 60.
func classroomMessage(diag string, level int) string {
	lines := strings.Split(strings.TrimSpace(diag), "\n")
	switch level {
	case 0:
		if len(lines) > 2 {
			lines = lines[:2]
		}
		return clip(strings.Join(lines, "\n"), 300)
	case 1, 2:
		return clip(lines[0], 100)
	}
	return clip(lines[0], 60)
}

// gcd is the greatest common divisor of a and b; gcd(0, b) is b.
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// classroomJSON is cr's compact JSON, as the reporter reads it.
func classroomJSON(cr ClassroomResult) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cr); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// classroomSize is the length of cr's base64.
func classroomSize(cr ClassroomResult) (int, error) {
	data, err := classroomJSON(cr)
	if err != nil {
		return 0, err
	}
	return base64.StdEncoding.EncodedLen(len(data)), nil
}

// WriteClassroom writes, for each submission, one line: the base64 of the
// compact JSON of its ClassroomResult, at most ClassroomLimit bytes. That
// is what the reporter reads (a grader step's `result` output, passed to
// it in the environment variable <RUNNER-ID>_RESULTS), so a workflow step
// can do
//
//	echo "result=$(checker grade -format classroom .)" >> "$GITHUB_OUTPUT"
//
// When opts.MaxPoints is 0, a submission that could not be checked is
// given the most points any other submission could earn (as learners
// see them).
func WriteClassroom(w io.Writer, gb *Gradebook, opts Options) error {
	if opts.MaxPoints == 0 {
		for _, r := range gb.Submissions {
			opts.MaxPoints = max(opts.MaxPoints, learnerView(r).MaxPoints)
		}
	}
	for _, r := range gb.Submissions {
		cr, err := Classroom(r, opts)
		if err != nil {
			return err
		}
		data, err := classroomJSON(cr)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w, base64.StdEncoding.EncodeToString(data)); err != nil {
			return err
		}
	}
	return nil
}
