package gradebook

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

// The JUnit output is checked here structurally; during development it was
// also validated with xmllint against the Jenkins junit-10.xsd.
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
