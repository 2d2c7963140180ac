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
)

// The JUnit output is checked here structurally, and by xmllint against
// the Jenkins schema in TestJUnitSchema.
func TestWriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "<?xml") {
		t.Errorf("got no XML declaration: %.60q", buf.String())
	}
	var doc JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("got XML that does not parse: %v\n%s", err, buf.String())
	}
	// alice 2 suites, bob 2, carol 1 (not checked).
	if len(doc.Suites) != 5 || doc.Tests != 7 || doc.Failures != 2 || doc.Errors != 1 {
		t.Errorf("got %d suites, %d tests, %d failures, %d errors; want 5, 7, 2, 1", len(doc.Suites), doc.Tests, doc.Failures, doc.Errors)
	}
	surefire := regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)
	cases := []struct {
		suite, test, classname, time, failure string
		failures                              int
	}{
		{"alice/exercise-1", "sum", "alice.exercise-1.sumthread", "0.120", "", 0},
		{`bob, "the builder"/exercise-1`, "runall-many", `bob, "the builder".exercise-1.sumthread`, "1.500", "race: two goroutines write total at once", 1},
		{`bob, "the builder"/exercise-2`, "get", `bob, "the builder".exercise-2.resource`, "0.000", "compile: bob/exercises/resource/resource.go:3:1: syntax error", 1},
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
			if found.Classname != c.classname || found.Time != c.time {
				t.Errorf("got classname %q time %q, want %q %q", found.Classname, found.Time, c.classname, c.time)
			}
			switch {
			case c.failure == "" && found.Failure != nil:
				t.Errorf("got failure %+v, want none", found.Failure)
			case c.failure != "" && (found.Failure == nil || found.Failure.Message != c.failure):
				t.Errorf("got failure %+v, want message %q", found.Failure, c.failure)
			case c.failure != "" && !strings.Contains(found.Failure.Text, found.Failure.Message[strings.Index(found.Failure.Message, ": ")+2:]):
				t.Errorf("got failure text %q, want it to hold the message", found.Failure.Text)
			}
		})
	}
	// The output's odd characters survive the round trip.
	if !strings.Contains(buf.String(), "&lt;&amp;&gt; 100%") {
		t.Errorf("got output not escaped as XML text:\n%s", buf.String())
	}
	last := doc.Suites[len(doc.Suites)-1]
	if last.Name != "carol" || len(last.Cases) != 1 || last.Cases[0].Error == nil || last.Cases[0].Error.Message != "carol: no such folder" {
		t.Errorf("got last suite %+v, want carol with one erroring case", last)
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
