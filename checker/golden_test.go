package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goconcurrency/workbook/internal/results"
	"github.com/goconcurrency/workbook/internal/textreport"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestDiagnosisGolden runs the checker on known-wrong and hostile
// submissions of exercise-1, one per diagnosis kind and per kind of hostile
// input, and compares what a learner would read with golden files.
func TestDiagnosisGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs check binaries; skipped with -short")
	}
	syntax := t.TempDir()
	src, err := os.ReadFile("../solutions/sumthread/sumthread.go")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "\treturn total\n}", "\treturn total\n", 1)
	if err := os.WriteFile(filepath.Join(syntax, "sumthread.go"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, dir, run, kind string
		extra                []string
	}{
		{"compile-missing-func", "../testdata/sumthread/wrong/runall_missing.diff", "^runall-many$", "compile", nil},
		{"compile-syntax", syntax, "^sum$", "compile", nil},
		{"compile-offline-import", "testdata/hostile/bad_import.diff", "^sum$", "compile", nil},
		{"compile-cgo", "testdata/hostile/cgo.diff", "^sum$", "compile", nil},
		{"wrong-two-writes", "../testdata/sumthread/wrong/report_two_writes.diff", "^report-line$", "wrong", nil},
		{"wrong-fake-pass-lines", "testdata/hostile/fake_pass.diff", "^report-line$", "wrong", nil},
		{"wrong-own-tests-ignored", "testdata/hostile/own_tests", "^sum$", "wrong", nil},
		{"wrong-output-flood", "testdata/hostile/flood.diff", "^sum$", "wrong", nil},
		{"race-shared-counter", "../testdata/sumthread/wrong/runall_shared_counter.diff", "^runall-many$", "race", nil},
		{"deadlock-claimed", "../testdata/sumthread/wrong/done_never_closed.diff", "^start-done-channel$", "deadlock", nil},
		{"deadlock-synctest", "../testdata/sumthread/wrong/done_forgotten.diff", "^runall-concurrent$", "deadlock", nil},
		{"leak-goroutine", "../testdata/sumthread/wrong/runall_off_by_one.diff", "^runall-concurrent$", "leak", nil},
		{"leak-process", "testdata/hostile/forks.diff", "^report-line$", "leak", nil},
		{"timeout-endless-loop", "testdata/hostile/endless_loop.diff", "^sum$", "timeout", []string{"-timeout", "3s"}},
		{"timeout-blocked", "testdata/hostile/blocks_forever.diff", "^sum$", "timeout", []string{"-timeout", "3s"}},
		{"panic-nil-map", "testdata/hostile/nil_map.diff", "^sum$", "panic", nil},
		{"panic-in-init", "testdata/hostile/init_panic.diff", "^sum$", "panic", nil},
		{"panic-os-exit-0", "testdata/hostile/exit_zero.diff", "^report-line$", "panic", nil},
		{"panic-syscall-exit", "testdata/hostile/exits_quietly.diff", "^sum$", "panic", nil},
		{"sequential-runall", "../testdata/sumthread/wrong/sequential_runall.diff", "^runall-concurrent$", "sequential", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-json", "-dir", c.dir, "-run", c.run}, c.extra...)
			args = append(args, "exercise-1")
			var stdout, stderr bytes.Buffer
			code := exitCode(run(args, &stdout, &stderr), &stderr)
			if code != 1 {
				t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr.String())
			}
			var r results.Run
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
			}
			if len(r.Exercises) != 1 || len(r.Exercises[0].Checks) != 1 {
				t.Fatalf("got %d exercises, want 1 with 1 check:\n%s", len(r.Exercises), stdout.String())
			}
			ch := r.Exercises[0].Checks[0]
			if ch.Status != results.Fail || ch.Kind != c.kind {
				t.Errorf("got status %s kind %s, want fail %s; message:\n%s", ch.Status, ch.Kind, c.kind, ch.Message)
			}
			var text bytes.Buffer
			p := &textreport.Printer{W: &text, Command: "checker"}
			p.Exercise(r.Exercises[0])
			got := normalize(text.String(), c.dir)
			golden := filepath.Join("testdata", "golden", c.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./checker -run TestDiagnosisGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("learner output differs from %s (-update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`goroutine \d+ {2,}`), "goroutine N  "}, // a race's lanes pad to the number's width
	{regexp.MustCompile(`goroutine \d+`), "goroutine N"},
	{regexp.MustCompile(`0x[0-9a-f]+`), "0xADDR"},
	{regexp.MustCompile(`\d+(\.\d+)?(ms|s|µs)\b`), "DURATION"},
	{regexp.MustCompile(`(/tmp|/var/folders)/\S+`), "$TMP"},
	{regexp.MustCompile(`process \d+`), "process PID"},
	{regexp.MustCompile(`_test\.go:\d+`), "_test.go:LINE"},
}

// normalize makes output stable across runs and machines: durations,
// goroutine numbers, addresses, PIDs, temporary folders and the checks'
// own line numbers vary; the learner's file and line do not.
func normalize(s, dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		s = strings.ReplaceAll(s, abs, "$DIR")
	}
	for _, n := range normalizers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return s
}
