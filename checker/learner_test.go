package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLearnerCommands runs the learner's commands in order, as a learner
// would in a fresh copy of the workbook, and compares what each prints
// (and its exit status) with a golden file in testdata/golden/learner.
func TestLearnerCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs check binaries; skipped with -short")
	}
	wb := newWorkbook(t)
	t.Chdir(wb)
	mine := filepath.Join(wb, "exercises", "sumthread", "sumthread.go")
	sol, err := os.ReadFile(filepath.Join(wb, "solutions", "sumthread", "sumthread.go"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(data []byte) {
		if err := os.WriteFile(mine, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		args   []string
		before func()
		status int
	}{
		{"list-fresh", []string{"list"}, nil, 0},
		{"hint-first", []string{"hint", "1"}, nil, 0},
		{"hint-second", []string{"hint", "exercise-1"}, nil, 0},
		{"hint-all", []string{"hint", "sumthread", "all"}, nil, 0},
		{"solution-locked", []string{"solution", "1"}, nil, 1},
		{"check-solved", []string{"1"}, func() { write(sol) }, 0},
		{"list-passed", []string{"list"}, nil, 0},
		{"list-changed", []string{"list"}, func() { write(append(sol, "\n// a note of mine\n"...)) }, 0},
		{"reset", []string{"reset", "-y", "1"}, nil, 0},
		{"reset-again", []string{"reset", "-y", "1"}, nil, 0},
		{"solution-stays-unlocked", []string{"solution", "1"}, nil, 0},
		{"overview", nil, nil, 1},
		{"run-matches-nothing", []string{"-run", "nomatch", "2"}, nil, 2},
		{"unknown-flag", []string{"-bogus", "1"}, nil, 2},
		{"flag-of-another-command", []string{"list", "-format", "junit"}, nil, 2},
		{"unknown-exercise", []string{"exercise-9"}, nil, 2},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		var stdout, stderr bytes.Buffer
		code := exitCode(run(st.args, &stdout, &stderr), &stderr)
		// The notice of a slow build depends on the machine's speed: not part
		// of what is compared.
		errs := regexp.MustCompile(`(?m)^building .* with the race detector….*\n`).ReplaceAllString(stderr.String(), "")
		got := learnerNormalize(stdout.String()+errs, wb)
		if code != st.status {
			t.Errorf("%s: checker %s: got exit status %d, want %d:\n%s", st.name, strings.Join(st.args, " "), code, st.status, got)
		}
		golden := filepath.Join(goldenDir, "learner", st.name+".txt")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./checker -run TestLearnerCommands -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s: checker %s: got\n%s\nwant (%s)\n%s", st.name, strings.Join(st.args, " "), got, golden, want)
		}
	}
	backups, _ := filepath.Glob(filepath.Join(wb, ".checker-backup", "sumthread-*"))
	if len(backups) != 1 {
		t.Errorf("got %d backups after a reset and a reset of the stub, want 1", len(backups))
	}
}

// goldenDir is where the golden files are, from the test's folder (the
// learner test changes folder).
var goldenDir, _ = filepath.Abs(filepath.Join("testdata", "golden"))

// learnerNormalize takes out of the learner's output what varies between
// runs: the temporary workbook, backup times, durations.
func learnerNormalize(s, wb string) string {
	s = strings.ReplaceAll(s, wb, "$WORKBOOK")
	s = regexp.MustCompile(`sumthread-\d{8}-\d{6}`).ReplaceAllString(s, "sumthread-TIME")
	return normalize(s, wb)
}
