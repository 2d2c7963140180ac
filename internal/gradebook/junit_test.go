package gradebook

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
)

// The JUnit output is checked here structurally, and by xmllint against
// the Jenkins schema in TestJUnitSchema.
func TestWriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, class()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "<?xml") {
		t.Errorf("got no XML declaration: %.60q", buf.String())
	}
	var doc JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("got XML that does not parse: %v\n%s", err, buf.String())
	}
	// Two suites for each of four submissions, one for dave (not checked);
	// eight checks each, hidden ones included.
	if len(doc.Suites) != 9 || doc.Tests != 33 || doc.Failures != 10 || doc.Errors != 2 {
		t.Errorf("got %d suites, %d tests, %d failures, %d errors; want 9, 33, 10, 2", len(doc.Suites), doc.Tests, doc.Failures, doc.Errors)
	}
	surefire := regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)
	cases := []struct {
		suite, test, classname, time, failure, file string
		line, failures                              int
	}{
		{"alice/exercise-1", "sum", "alice.exercise-1.sumthread", "0.310", "", "", 0, 0},
		{"bob/exercise-1", "runall-many", "bob.exercise-1.sumthread", "1.240", "data race: two goroutines used the same memory at the same time and at least one of them wrote to it, so the result depends on luck. Guard the shared data with a sync.Mutex (or use channels or sync/atomic).", "bob/exercises/sumthread/sumthread.go", 17, 1},
		{"bob/exercise-2", "get", "bob.exercise-2.resource", "0.000", "the code does not compile: bob/exercises/resource/resource.go:23:2: undefined: mu", "bob/exercises/resource/resource.go", 23, 5},
		{"carol/exercise-1", "report", "carol.exercise-1.sumthread", "0.405", "panic: exercise-1: write Report", "carol/exercises/sumthread/report.go", 12, 1},
		{"carol/exercise-2", "stress", "carol.exercise-2.resource", "2.210", "deadlock: every goroutine is blocked and none can ever wake the others", "carol/exercises/resource/resource.go", 31, 2},
	}
	for _, c := range cases {
		t.Run(c.suite+" "+c.test, func(t *testing.T) {
			var found *JUnitCase
			for _, s := range doc.Suites {
				if s.Name != c.suite {
					continue
				}
				if s.Failures != c.failures || s.Tests != len(s.Cases) {
					t.Errorf("suite %s: got %d failures, %d tests for %d cases; want %d failures", s.Name, s.Failures, s.Tests, len(s.Cases), c.failures)
				}
				if !surefire.MatchString(s.Time) {
					t.Errorf("suite %s: got time %q, not a SUREFIRE_TIME", s.Name, s.Time)
				}
				for i := range s.Cases {
					if s.Cases[i].Name == c.test {
						found = &s.Cases[i]
					}
				}
			}
			if found == nil {
				t.Fatalf("got no testcase %s in suite %s", c.test, c.suite)
			}
			if found.Classname != c.classname || found.Time != c.time || found.File != c.file || found.Line != c.line {
				t.Errorf("got classname %q time %q at %s:%d, want %q %q at %s:%d", found.Classname, found.Time, found.File, found.Line, c.classname, c.time, c.file, c.line)
			}
			switch {
			case c.failure == "" && found.Failure != nil:
				t.Errorf("got failure %+v, want none", found.Failure)
			case c.failure != "" && (found.Failure == nil || found.Failure.Message != c.failure):
				t.Errorf("got failure %+v, want message %q", found.Failure, c.failure)
			case c.failure != "" && !strings.Contains(found.Failure.Text, c.failure[len(c.failure)-20:]):
				t.Errorf("got failure text %q, want it to hold the message", found.Failure.Text)
			}
		})
	}
	dave := doc.Suites[6]
	if dave.Name != "dave" || len(dave.Cases) != 1 || dave.Cases[0].Error == nil || !strings.HasPrefix(dave.Cases[0].Error.Message, "could not copy dave/exercises") {
		t.Errorf("got suite %+v, want dave with one erroring case", dave)
	}
}

// A submission's name and output with XML's special characters survive
// the round trip.
func TestWriteJUnitEscapes(t *testing.T) {
	r := results.Run{Version: results.Version, Submission: `bob, "the builder"`, Exercises: []results.Exercise{{ID: "exercise-1", Name: "sumthread",
		Checks: []results.Check{{Name: "sum", Status: results.Fail, Kind: "wrong", Message: "got <nil> & 100%", Output: "WARNING <&> 100%\x00"}}}}}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, New(oneRun(r))); err != nil {
		t.Fatal(err)
	}
	var doc JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("got XML that does not parse: %v\n%s", err, buf.String())
	}
	c := doc.Suites[0].Cases[0]
	if doc.Suites[0].Name != `bob, "the builder"/exercise-1` || c.Failure == nil || c.Failure.Message != "wrong: got <nil> & 100%" || !strings.Contains(c.Failure.Text, "WARNING <&> 100%\uFFFD") {
		t.Errorf("got suite %q, case %+v, want the name, message and output back (NUL replaced)", doc.Suites[0].Name, c)
	}
}

// TestJUnitSchema validates the output with xmllint: against the Jenkins
// schema (testdata/junit-10.xsd, a copy of the one CI consumers accept)
// extended by exactly the testcase's optional file and line attributes,
// and, when no check has a file or line, against the schema as it is.
func TestJUnitSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (Debian: apt-get install libxml2-utils), so the JUnit output is not validated against the schema")
	}
	real, err := os.ReadFile(filepath.Join("testdata", "junit-10.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	extended, err := withFileLine(string(real))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	realPath, extendedPath := filepath.Join(dir, "junit-10.xsd"), filepath.Join(dir, "junit-10-file-line.xsd")
	if err := os.WriteFile(realPath, real, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(extendedPath, []byte(extended), 0o644); err != nil {
		t.Fatal(err)
	}
	noPlace := class()
	for i := range noPlace.Submissions {
		for j := range noPlace.Submissions[i].Exercises {
			for k := range noPlace.Submissions[i].Exercises[j].Checks {
				c := &noPlace.Submissions[i].Exercises[j].Checks[k]
				c.File, c.Line = "", 0
			}
		}
	}
	cases := []struct {
		name   string
		gb     *Gradebook
		schema string
		valid  bool
		says   string // what xmllint says when it is not valid
	}{
		{"file and line, extended schema", class(), extendedPath, true, ""},
		{"file and line, the real schema", class(), realPath, false, "attribute 'file': The attribute 'file' is not allowed"},
		{"no file or line, the real schema", noPlace, realPath, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, c.gb); err != nil {
				t.Fatal(err)
			}
			hasPlace := strings.Contains(buf.String(), ` file="bob/exercises/sumthread/sumthread.go" line="17"`)
			if hasPlace != (c.gb != noPlace) {
				t.Fatalf("got file and line attributes %v, want %v:\n%.2000s", hasPlace, !hasPlace, buf.String())
			}
			report := filepath.Join(t.TempDir(), "report.xml")
			if err := os.WriteFile(report, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--schema", c.schema, report).CombinedOutput()
			if valid := err == nil; valid != c.valid || !strings.Contains(string(out), c.says) {
				t.Errorf("got valid %v (xmllint: %v\n%s), want %v saying %q", valid, err, out, c.valid, c.says)
			}
		})
	}
}

// withFileLine is the schema with two optional attributes added to
// testcase: file (a string) and line (a positive integer).
func withFileLine(schema string) (string, error) {
	start := strings.Index(schema, `<xs:element name="testcase">`)
	if start < 0 {
		return "", fmt.Errorf("the schema has no testcase element")
	}
	end := strings.Index(schema[start:], "</xs:complexType>")
	if end < 0 {
		return "", fmt.Errorf("the schema's testcase has no complexType")
	}
	if strings.Contains(schema[start:start+end], `name="file"`) || strings.Contains(schema[start:start+end], `name="line"`) {
		return "", fmt.Errorf("the schema's testcase already has a file or line attribute")
	}
	at := start + end
	add := `    <xs:attribute name="file" type="xs:string"/>
            <xs:attribute name="line" type="xs:positiveInteger"/>
        `
	return schema[:at] + add + schema[at:], nil
}
