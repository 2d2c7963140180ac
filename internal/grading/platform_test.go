package grading

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/workbook/internal/checkerbin"
	"github.com/goconcurrency/workbook/internal/gradebook"
)

// The platform recipes, run here as the platforms would run them: the
// GitHub Classroom workflow (docs/ci/classroom.yml) and the Gradescope
// autograder (docs/gradescope/). They run the checker binary, built once
// for all of them, on exercise-1 only.

// Two instructor's checks for sumthread, added with -scripts: a visible one
// worth 3 points (so that GitHub Classroom's one-unit tests are tried) and
// a hidden one worth 2.
const (
	visibleCheck = `# Sum adds up ten thousand ones.
# points: 3

gotest

-- big_lists_test.go --
package sumthread_test

import (
	"testing"

	"check/checkkit"
	"check/sumthread"
)

func TestSumOfManyOnes(t *testing.T) {
	ones := make([]int, 10000)
	for i := range ones {
		ones[i] = 1
	}
	checkkit.Diff(t, "Sum(10000 ones)", 10000, sumthread.Sum(ones...))
}
`
	hiddenCheck = `# Sum adds up the numbers from -5000 to 4999.
# points: 2
# visibility: hidden

gotest

-- many_numbers_test.go --
package sumthread_test

import (
	"testing"

	"check/checkkit"
	"check/sumthread"
)

func TestSumOfManyNumbers(t *testing.T) {
	var nums []int
	for n := -5000; n < 5000; n++ {
		nums = append(nums, n)
	}
	checkkit.Diff(t, "Sum(-5000 … 4999)", -5000, sumthread.Sum(nums...))
}
`
)

// TestPlatformRecipes builds the checker once and runs each recipe.
func TestPlatformRecipes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker and grades with it; skipped with -short")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	start := time.Now()
	bin := t.TempDir()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkerbin.Build(context.Background(), root, filepath.Join(bin, "checker")); err != nil {
		t.Fatal(err)
	}
	t.Logf("built the checker in %v", time.Since(start).Round(time.Millisecond))
	reference, err := os.ReadFile("../../solutions/sumthread/sumthread.go")
	if err != nil {
		t.Fatal(err)
	}
	// bob's Sum skips negative numbers.
	broken := strings.Replace(string(reference), "\t\ttotal += n\n", "\t\tif n > 0 {\n\t\t\ttotal += n\n\t\t}\n", 1)
	if broken == string(reference) {
		t.Fatal("could not break Sum in the reference answer: has it changed?")
	}
	private := t.TempDir()
	write(t, private, "sumthread/sumthread_big_lists.txtar", visibleCheck)
	write(t, private, "sumthread/sumthread_many_numbers.txtar", hiddenCheck)
	r := recipe{checker: filepath.Join(bin, "checker"), bin: bin, reference: string(reference), broken: broken, private: private}
	t.Run("classroom-class", r.classroomClass)
	t.Run("classroom-workflow", r.classroomWorkflow)
	t.Run("gradescope", r.gradescope)
}

// recipe is what the recipes' tests share.
type recipe struct {
	checker, bin      string // the checker binary, and its folder
	reference, broken string // sumthread.go, right and with Sum skipping negatives
	private           string // the instructor's checks (-scripts)
}

// reporterResult is the JSON the grading reporter reads: the fields it
// uses, and the others the checker writes (decoding refuses any more).
type reporterResult struct {
	Version  int     `json:"version"`
	Status   string  `json:"status"`
	MaxScore float64 `json:"max_score"`
	Tests    []struct {
		Name     string  `json:"name"`
		Status   string  `json:"status"`
		Score    float64 `json:"score"`
		Message  string  `json:"message"`
		TestCode string  `json:"test_code"`
		Filename string  `json:"filename"`
		LineNo   int     `json:"line_no"`
		Duration int64   `json:"duration"`
	} `json:"tests"`
}

// reporterRead reads results as the grading reporter does: for each id
// of runners (comma-separated), the environment variable named by the id
// in capitals and _RESULTS, holding the base64 of the JSON.
func reporterRead(t *testing.T, runners string, env map[string]string) []reporterResult {
	t.Helper()
	var list []reporterResult
	for _, id := range strings.Split(runners, ",") {
		name := strings.ToUpper(strings.TrimSpace(id)) + "_RESULTS"
		v, ok := env[name]
		if !ok {
			t.Fatalf("the reporter reads %s, which the workflow does not set", name)
		}
		list = append(list, decodeClassroom(t, v))
	}
	return list
}

// decodeClassroom decodes one line of the classroom format.
func decodeClassroom(t *testing.T, line string) reporterResult {
	t.Helper()
	if len(line) > gradebook.ClassroomLimit {
		t.Errorf("the result takes %d bytes of base64, over %d", len(line), gradebook.ClassroomLimit)
	}
	data, err := base64.StdEncoding.DecodeString(line)
	if err != nil {
		t.Fatalf("the result is not base64: %v", err)
	}
	var res reporterResult
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("the result is not the reporter's JSON: %v\n%s", err, data)
	}
	if res.Version != 1 || !oneOf(res.Status, "pass", "fail", "error") {
		t.Errorf("got version %d status %q, want 1 and pass, fail or error", res.Version, res.Status)
	}
	for _, tc := range res.Tests {
		if tc.Name == "" || !oneOf(tc.Status, "pass", "fail", "error") || tc.Score < 0 {
			t.Errorf("test %q: status %q score %v: want a name, pass, fail or error, and a score ≥ 0", tc.Name, tc.Status, tc.Score)
		}
	}
	return res
}

// reporterTotals is what the reporter makes of results: the points it
// sends to Classroom ("Points X/Y": the sum of the tests' scores, of the
// runners with a max_score), and the total it prints for each runner (the
// share of tests passed times max_score, with two decimals).
func reporterTotals(list []reporterResult) (points, max float64, console []string) {
	for _, r := range list {
		if r.MaxScore != 0 {
			max += r.MaxScore
			for _, tc := range r.Tests {
				points += tc.Score
			}
		}
		passed := 0
		for _, tc := range r.Tests {
			if tc.Status == "pass" {
				passed++
			}
		}
		console = append(console, fmt.Sprintf("%.2f/%v", float64(passed)/float64(len(r.Tests))*r.MaxScore, r.MaxScore))
	}
	return points, max, console
}

// classroomClass grades a small class in one run: alice hands in a copy
// of the workbook with the reference answer, bob only his exercise folder
// (Sum skipping negatives), carol a loose file and a stray main.go. Each
// line of the classroom report must decode to the reporter's JSON, its
// scores add up to the points learners can see in the JSON report, and the
// reporter's printed total agree with the points it sends.
func (r recipe) classroomClass(t *testing.T) {
	start := time.Now()
	class := t.TempDir()
	write(t, class, "alice/go.mod", "module github.com/goconcurrency/workbook\n")
	write(t, class, "alice/exercises/sumthread/sumthread.go", r.reference)
	write(t, class, "bob/sumthread/sumthread.go", r.broken)
	write(t, class, "carol/my_answer.go", r.reference)
	write(t, class, "carol/main.go", "package main\n\nfunc main() {}\n")
	out := t.TempDir()
	cmd := exec.Command(r.checker, "grade", "-scripts", r.private,
		"-run", "^(sum|runall-waits|big-lists|many-numbers)$",
		"-format", "classroom,json", "-o", filepath.Join(out, "classroom.txt"), "-o", filepath.Join(out, "gradebook.json"),
		"alice", "bob", "carol")
	cmd.Dir = class
	if b, err := cmd.CombinedOutput(); exitCode(err) != 1 {
		t.Fatalf("checker grade: %v (want exit status 1: bob fails a check)\n%s", err, b)
	}
	lines := strings.Fields(string(read(t, filepath.Join(out, "classroom.txt"))))
	f, err := os.Open(filepath.Join(out, "gradebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gb, err := gradebook.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || len(gb.Submissions) != 3 {
		t.Fatalf("got %d classroom lines and %d submissions, want 3 each", len(lines), len(gb.Submissions))
	}
	want := map[string]struct {
		status        string
		points, tests int
	}{
		"alice": {"pass", 5, 5}, // sum 1 + runall-waits 1 + big-lists 3 (as 3 tests of 1); many-numbers is hidden
		"bob":   {"fail", 4, 5}, // sum fails
		"carol": {"pass", 5, 5},
	}
	for i, run := range gb.Submissions {
		res := decodeClassroom(t, lines[i])
		visible, visibleMax := 0, 0
		for _, e := range run.Exercises {
			for _, c := range e.Checks {
				if c.Visibility == "" {
					visible += c.Points
					visibleMax += c.MaxPoints
				}
			}
		}
		points, max, console := reporterTotals([]reporterResult{res})
		t.Logf("%s: JSON %d/%d (learners see %d/%d); reporter sends Points %v/%v, prints %s", run.Submission, run.Points, run.MaxPoints, visible, visibleMax, points, max, console[0])
		w := want[run.Submission]
		if res.Status != w.status || len(res.Tests) != w.tests || int(points) != w.points {
			t.Errorf("%s: got status %s, %d tests, %v points; want %s, %d, %d", run.Submission, res.Status, len(res.Tests), points, w.status, w.tests, w.points)
		}
		if int(points) != visible || int(max) != visibleMax {
			t.Errorf("%s: the reporter sends Points %v/%v, the JSON report says %d/%d of the visible checks", run.Submission, points, max, visible, visibleMax)
		}
		if wantConsole := fmt.Sprintf("%.2f/%v", points, max); console[0] != wantConsole {
			t.Errorf("%s: the reporter prints %s but sends %s", run.Submission, console[0], wantConsole)
		}
		if run.MaxPoints != visibleMax+2 {
			t.Errorf("%s: got %d points at most, want the hidden check's 2 on top of %d", run.Submission, run.MaxPoints, visibleMax)
		}
	}
	if carol := gb.Submissions[2]; len(carol.Notes) != 1 || !strings.Contains(carol.Notes[0], "main.go is package main") {
		t.Errorf("carol: got notes %q, want one naming main.go", carol.Notes)
	}
	t.Logf("graded the class in %v", time.Since(start).Round(time.Millisecond))
}

// classroomWorkflow runs the grading step of docs/ci/classroom.yml in a
// learner's repository, as GitHub Actions would (bash -eo pipefail, with
// RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY), then reads its
// result output as the reporter step's env and runners say.
func (r recipe) classroomWorkflow(t *testing.T) {
	start := time.Now()
	wf := string(read(t, "../../docs/ci/classroom.yml"))
	for _, must := range []string{
		"\nname: Autograding Tests\n", // the reporter's requirements for Classroom to record the points
		"\n  run-autograding-tests:\n",
		"uses: classroom-resources/autograding-grading-reporter@v1",
		"go-version-file: go.mod",
	} {
		if !strings.Contains(wf, must) {
			t.Errorf("docs/ci/classroom.yml lacks %q", strings.TrimSpace(must))
		}
	}
	env := regexp.MustCompile(`\n\s+([A-Z0-9_-]+_RESULTS): \$\{\{ steps\.([a-z0-9_-]+)\.outputs\.result \}\}\n`).FindStringSubmatch(wf)
	runners := regexp.MustCompile(`\n\s+runners: (\S+)\n`).FindStringSubmatch(wf)
	if env == nil || runners == nil {
		t.Fatal("docs/ci/classroom.yml: no reporter step with an <ID>_RESULTS env from a step's result output and a runners input")
	}
	script := stepScript(t, wf, env[2])

	repo := filepath.Join(t.TempDir(), "bob")
	write(t, repo, "go.mod", "module github.com/goconcurrency/workbook\n")
	write(t, repo, "exercises/sumthread/sumthread.go", r.broken)
	gh := t.TempDir()
	output, summary := filepath.Join(gh, "output"), filepath.Join(gh, "summary.md")
	write(t, gh, "step.sh", script)
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", filepath.Join(gh, "step.sh"))
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "RUNNER_TEMP="+r.bin, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("the grading step failed: %v\n%s", err, stdout.String())
	}
	if !regexp.MustCompile(`(?m)^::error (file=exercises/sumthread/sumthread\.go,line=\d+,)?title=bob exercise-1 sumthread`).MatchString(stdout.String()) {
		t.Errorf("the step printed no annotation for bob's failed check:\n%s", stdout.String())
	}
	outputs := map[string]string{}
	for _, line := range strings.Split(string(read(t, output)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outputs[k] = v
		}
	}
	res := reporterRead(t, runners[1], map[string]string{env[1]: outputs["result"]})
	points, max, console := reporterTotals(res)
	m := regexp.MustCompile(`\| ❌ bob \|.*\*\*(\d+)/(\d+)\*\* \|`).FindStringSubmatch(string(read(t, summary)))
	if m == nil {
		t.Fatalf("no total for bob in the step summary:\n%s", read(t, summary))
	}
	t.Logf("runners %s; the step summary says %s/%s; the reporter sends Points %v/%v and prints %s", runners[1], m[1], m[2], points, max, console)
	if fmt.Sprint(points) != m[1] || fmt.Sprint(max) != m[2] {
		t.Errorf("the reporter sends Points %v/%v, the checker's total is %s/%s", points, max, m[1], m[2])
	}
	if want := fmt.Sprintf("%.2f/%v", points, max); console[0] != want {
		t.Errorf("the reporter prints %s, and sends %s", console[0], want)
	}
	if res[0].Status != "fail" || points == 0 || points == max {
		t.Errorf("got status %s with %v/%v, want fail with some points", res[0].Status, points, max)
	}
	t.Logf("ran the step in %v", time.Since(start).Round(time.Millisecond))
}

// stepScript is the run: block of the workflow step with the given id,
// without its indentation.
func stepScript(t *testing.T, wf, id string) string {
	t.Helper()
	lines := strings.Split(wf, "\n")
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for i, l := range lines {
		if strings.TrimSpace(l) != "id: "+id {
			continue
		}
		for j := i + 1; j < len(lines) && indent(lines[j]) >= indent(l); j++ {
			if strings.TrimSpace(lines[j]) != "run: |" {
				continue
			}
			var body []string
			cut := -1
			for _, b := range lines[j+1:] {
				if strings.TrimSpace(b) != "" && indent(b) <= indent(lines[j]) {
					break
				}
				if cut < 0 && strings.TrimSpace(b) != "" {
					cut = indent(b)
				}
				if len(b) >= cut && cut >= 0 {
					b = b[cut:]
				}
				body = append(body, b)
			}
			return strings.Join(body, "\n") + "\n"
		}
	}
	t.Fatalf("docs/ci/classroom.yml: no step with id %s and a run: | block", id)
	return ""
}

// Gradescope's published specification of results.json ("Autograder
// Specifications"): every field it names, none other (decoding refuses
// any more).
type gradescopeResults struct {
	Score            *float64         `json:"score"`
	ExecutionTime    *json.Number     `json:"execution_time"`
	Output           string           `json:"output"`
	OutputFormat     string           `json:"output_format"`
	TestOutputFormat string           `json:"test_output_format"`
	TestNameFormat   string           `json:"test_name_format"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"`
	ExtraData        map[string]any   `json:"extra_data"`
	Tests            []gradescopeTest `json:"tests"`
	Leaderboard      []any            `json:"leaderboard"`
}

type gradescopeTest struct {
	Score        *float64       `json:"score"`
	MaxScore     *float64       `json:"max_score"`
	Status       string         `json:"status"`
	Name         string         `json:"name"`
	NameFormat   string         `json:"name_format"`
	Number       string         `json:"number"`
	Output       string         `json:"output"`
	OutputFormat string         `json:"output_format"`
	Tags         []string       `json:"tags"`
	Visibility   string         `json:"visibility"`
	ExtraData    map[string]any `json:"extra_data"`
}

// gradescope makes the autograder zip as an instructor would
// (make-zip.sh, with the instructor's checks), unpacks it as Gradescope
// does into an /autograder-like folder, hands in bob's loose files, runs
// run_autograder there with the checker given, and holds results.json to
// Gradescope's specification, field by field.
func (r recipe) gradescope(t *testing.T) {
	for _, tool := range []string{"zip", "jq"} { // make-zip.sh's, and run_autograder's (setup.sh installs it)
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on this machine", tool)
		}
	}
	start := time.Now()
	root := t.TempDir()
	zipFile := filepath.Join(root, "autograder.zip")
	mk := exec.Command("bash", "../../docs/gradescope/make-zip.sh", "-o", zipFile, "-scripts", r.private)
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("make-zip.sh: %v\n%s", err, out)
	}
	unzip(t, zipFile, filepath.Join(root, "source"))
	for _, p := range []string{"setup.sh", "run_autograder", "workbook/go.mod", "workbook/checker/main.go", "workbook/testdata/manifest.json", "private-checks/sumthread/sumthread_many_numbers.txtar"} {
		fi, err := os.Stat(filepath.Join(root, "source", p))
		if err != nil {
			t.Errorf("the zip lacks %s", p)
		} else if (p == "setup.sh" || p == "run_autograder") && fi.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable in the zip", p)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "source", "workbook", ".git")); err == nil {
		t.Error("the zip holds .git")
	}
	t.Logf("made and unpacked the zip in %v", time.Since(start).Round(time.Millisecond))

	// bob hands in loose files: his answer under a name of his own, a
	// main.go and a test of his own, neither of which can be placed.
	write(t, root, "submission/my_sum.go", r.broken)
	write(t, root, "submission/main.go", "package main\n\nfunc main() {}\n")
	write(t, root, "submission/my_sum_test.go", "package sumthread\n")
	if err := os.MkdirAll(filepath.Join(root, "results"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "source", "run_autograder"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"AUTOGRADER_ROOT="+root, "CHECKER="+r.checker,
		"CHECKER_ARGS=-run ^(sum|runall-waits|big-lists|many-numbers)$")
	// The build cache and module cache of this machine: run_autograder's
	// own (under the root) would build Go's race runtime from nothing.
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"} {
		val, err := exec.Command("go", "env", v).Output()
		if err != nil {
			t.Fatal(err)
		}
		if v == "GOROOT" {
			v = "GO_ROOT"
		}
		cmd.Env = append(cmd.Env, v+"="+strings.TrimSpace(string(val)))
	}
	stdout, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("run_autograder: %v\n%s", err, stdout)
	}
	data := read(t, filepath.Join(root, "results", "results.json"))
	var res gradescopeResults
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("results.json is not Gradescope's: %v\n%s", err, data)
	}
	formats := []string{"text", "simple_format", "html", "md", "ansi"}
	visibilities := []string{"hidden", "after_due_date", "after_published", "visible"}

	// score: the total, the sum of the tests' scores.
	sum, max := 0.0, 0.0
	for _, tc := range res.Tests {
		if tc.Score != nil {
			sum += *tc.Score
		}
		if tc.MaxScore != nil {
			max += *tc.MaxScore
		}
	}
	if res.Score == nil || *res.Score != sum {
		t.Errorf("score: got %v, want the tests' sum %v", res.Score, sum)
	}
	// execution_time: whole seconds.
	if res.ExecutionTime == nil {
		t.Error("execution_time: missing")
	} else if n, err := res.ExecutionTime.Int64(); err != nil || n < 0 {
		t.Errorf("execution_time: got %s, want whole seconds", *res.ExecutionTime)
	}
	// output: what could not be placed, in a format learners read as text.
	for _, want := range []string{"main.go is package main", "my_sum_test.go is a test file"} {
		if !strings.Contains(res.Output, want) {
			t.Errorf("output: %q does not say %q", res.Output, want)
		}
	}
	if !oneOf(res.OutputFormat, "text", "md") {
		t.Errorf("output_format: got %q, want text or md", res.OutputFormat)
	}
	for field, v := range map[string]string{"test_output_format": res.TestOutputFormat, "test_name_format": res.TestNameFormat} {
		if v != "" && !oneOf(v, formats...) {
			t.Errorf("%s: got %q, want one of %v", field, v, formats)
		}
	}
	// visibility, stdout_visibility: stdout names the hidden checks.
	if !oneOf(res.Visibility, visibilities...) || res.StdoutVisibility != "hidden" {
		t.Errorf("visibility %q, stdout_visibility %q: want one of %v, and hidden", res.Visibility, res.StdoutVisibility, visibilities)
	}
	// tests[]: one per check, in order, numbered N.M.
	want := []struct {
		title, status, visibility string
		score, max                float64
	}{
		{"Sum adds up any number of ints", "failed", "visible", 0, 1},
		{"RunAll returns only after", "passed", "visible", 1, 1},
		{"Sum adds up ten thousand ones.", "passed", "visible", 3, 3},
		{"Sum adds up the numbers from -5000 to 4999.", "failed", "hidden", 0, 2},
	}
	if len(res.Tests) != len(want) {
		t.Fatalf("got %d tests, want %d:\n%s", len(res.Tests), len(want), data)
	}
	numbers := map[string]bool{}
	for i, tc := range res.Tests {
		w := want[i]
		if tc.Score == nil || tc.MaxScore == nil || *tc.Score != w.score || *tc.MaxScore != w.max {
			t.Errorf("test %d: got score %v of %v, want %v of %v", i, tc.Score, tc.MaxScore, w.score, w.max)
		}
		if tc.Status != w.status || !oneOf(tc.Status, "passed", "failed") {
			t.Errorf("test %d: got status %q, want %q", i, tc.Status, w.status)
		}
		if !strings.HasPrefix(tc.Name, "exercise-1 sumthread: "+w.title) {
			t.Errorf("test %d: got name %q, want exercise-1 sumthread: %s…", i, tc.Name, w.title)
		}
		if !regexp.MustCompile(`^1\.[0-9]+$`).MatchString(tc.Number) || numbers[tc.Number] {
			t.Errorf("test %d: got number %q, want 1.M, each once", i, tc.Number)
		}
		numbers[tc.Number] = true
		if (tc.Status == "failed") != (tc.Output != "") {
			t.Errorf("test %d (%s): got output %q, want the diagnosis of a failed check only", i, tc.Status, tc.Output)
		}
		if tc.OutputFormat != "" && !oneOf(tc.OutputFormat, formats...) {
			t.Errorf("test %d: output_format %q", i, tc.OutputFormat)
		}
		if tc.Visibility != w.visibility {
			t.Errorf("test %d: got visibility %q, want %q", i, tc.Visibility, w.visibility)
		}
	}
	if !strings.Contains(res.Tests[0].Output, "Sum(-4)") {
		t.Errorf("test 0: the output does not show the failed case Sum(-4):\n%s", res.Tests[0].Output)
	}
	if sum != 4 || max != 7 {
		t.Errorf("got %v of %v points, want 4 of 7", sum, max)
	}
	t.Logf("results.json: %v of %v points, %d tests, execution_time %s; done in %v", sum, max, len(res.Tests), *res.ExecutionTime, time.Since(start).Round(time.Millisecond))
}

// unzip unpacks a zip into dir, keeping the files' modes.
func unzip(t *testing.T, file, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(path, filepath.Clean(dir)+string(filepath.Separator)) {
			t.Fatalf("the zip holds %s, outside its folder", f.Name)
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, f.Mode().Perm()|0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// write writes a file under dir, making its folders.
func write(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// read reads a file or fails the test.
func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// exitCode is the exit status of a finished command, -1 if it did not run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func oneOf(s string, list ...string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
